import { Observable } from 'rxjs';
import type { Backoff } from '../backoff/backoff.js';
import type { BackoffOptions } from '../backoff/plan.js';
import { BackoffPlan, backoffOptions } from '../backoff/plan.js';
import { InterruptedError } from '../errors/InterruptedError.js';
import { runCondition } from '../internal/condition.js';
import { waitSettings } from '../internal/options.js';
import { checkBoolean, checkFunction, withDefault } from '../internal/validate.js';
import { WaitLoop } from '../internal/waitLoop.js';
import type { Condition, WaitOptions } from '../types.js';

/** Options of {@link exponentialBackoff}: a {@link Backoff} whose `steps` counts attempts. */
export interface ExponentialBackoffOptions extends Backoff, WaitOptions {
  /**
   * The most attempts (integer >= 0); also how many steps may grow the delay. `Infinity`:
   * no limit (the deadline or the signal ends the wait; the delay grows until `cap`).
   */
  steps: number;
  /** Deadline in ms from subscription, as in `pollUntil`. @default Infinity (none) */
  timeout?: number | undefined;
  /**
   * `true`: the first attempt at subscription (Go's `ExponentialBackoff`). `false`: the
   * first attempt after the first backoff delay, and every later one after the next
   * (Go's `Backoff.DelayFunc().Until` with `immediate` false); already interrupted at
   * subscription, no attempt.
   * @default true
   */
  immediate?: boolean | undefined;
  /** Source of numbers in [0, 1) for jitter; inject one to make tests exact. Any other result (`NaN`, `undefined`) fails the wait with a `RangeError`/`TypeError`. @default Math.random */
  random?: (() => number) | undefined;
}

/**
 * Calls `condition` at subscription (or, with `immediate: false`, after the first backoff
 * delay), then after each `false` waits the next backoff
 * delay ({@link stepBackoff}) and calls it again, at most `steps` times; Go's
 * `wait.ExponentialBackoffWithContext`. No wait after the last attempt.
 *
 * - All attempts `false`: errors with an `InterruptedError` whose `cause` is
 *   `undefined` (message `'timed out waiting for the condition'`), in the instant of the
 *   last attempt. `steps: 0`: that error at subscription, no attempt.
 * - Reaching `cap` stops the growth, not the attempts (unlike Go, kubernetes#131122):
 *   the delay stays at `cap` until `steps` attempts are used.
 * - `signal` is checked before every attempt (already aborted: no attempt) and
 *   interrupts every wait: `InterruptedError` with the signal's reason.
 * - The condition's own error ends the wait with that very error.
 *
 * ```text
 * { duration: 10, factor: 2, steps: 4 }, never true:
 * calls:   f 9ms f 19ms f 39ms f        (at 0, 10, 30, 70)
 * result:  70ms #                       (# = InterruptedError, cause undefined)
 *
 * the same with immediate: false (the first delay comes before the first call):
 * calls:   10ms f 19ms f 39ms f 79ms f   (at 10, 30, 70, 150)
 * result:  150ms #
 * ```
 *
 * ## Example
 * ```ts
 * import { exponentialBackoff } from 'rxjs-wait';
 *
 * exponentialBackoff(({ attempt }) => {
 *   console.log('attempt', attempt);
 *   return attempt === 3;
 * }, { duration: 100, factor: 2, steps: 5 }).subscribe({ complete: () => console.log('done') });
 * // Output (at 0, 100 and 300 ms):
 * // attempt 1
 * // attempt 2
 * // attempt 3
 * // done
 * ```
 *
 * @param condition as for `pollUntil`.
 * @param options the `Backoff` fields (`steps` required), `timeout`, `immediate`, `signal`,
 *   `onAttempt`, `scheduler`, `random`.
 * @returns an Observable of one `undefined` on success.
 */
export function exponentialBackoff(condition: Condition, options: ExponentialBackoffOptions): Observable<void> {
  checkFunction('condition', condition);
  const backoff = backoffOptions(options, 'exponentialBackoff', 0);
  const immediate = checkBoolean('immediate', withDefault(options.immediate, true));
  const settings = waitSettings(options);
  return new Observable<void>((subscriber) => {
    if (backoff.steps === 0) {
      subscriber.error(new InterruptedError(undefined, 0));
      return undefined;
    }
    return new WaitLoop(subscriber, settings, new ConditionBackoff(backoff, immediate, condition)).begin();
  });
}

/** A backoff of a boolean condition. */
class ConditionBackoff extends BackoffPlan<void> {
  readonly #condition: Condition;

  constructor(backoff: BackoffOptions, immediate: boolean, condition: Condition) {
    super(backoff, immediate);
    this.#condition = condition;
  }

  run(loop: WaitLoop<void>, attempt: number): void {
    runCondition(this.#condition, loop, attempt);
  }
}
