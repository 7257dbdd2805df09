import type { MonoTypeOperatorFunction } from 'rxjs';
import { Observable } from 'rxjs';
import type { PollOptionsShape } from '../types.js';
import type { PollTiming } from '../internal/poll.js';
import { PollPlan, pollOptions } from '../internal/poll.js';
import { AttemptObserver } from '../internal/results.js';
import { checkFunction } from '../internal/validate.js';
import { Outcome, WaitLoop, waitObservable } from '../internal/waitLoop.js';

/** Options of {@link repeatUntil}: those of `pollUntil`, with `immediate` defaulting to `true`. */
export interface RepeatUntilOptions extends PollOptionsShape {
  /** Time between subscriptions to the source, in ms (finite, >= 0). */
  interval: number;
  /** Deadline in ms from subscription. @default Infinity (none) */
  timeout?: number | undefined;
  /** Subscribe to the source at once (even when already interrupted). @default true */
  immediate?: boolean | undefined;
  /** Restart the interval when each subscription completes. @default false */
  sliding?: boolean | undefined;
}

/**
 * Polling that returns values: subscribes to the source on the `pollUntil` schedule,
 * one subscription per attempt (an attempt lasts until the source completes), passing
 * every value through. The first value for which `predicate(value, attempt)` is true is
 * emitted and the result completes. Source errors (and a throwing predicate) pass
 * through; a deadline or abort errors with an `InterruptedError`.
 *
 * ```text
 * source (each subscription):  a|   then b|   then c|      predicate: v === 'c'
 * interval 10:
 * result:                      a 9ms b 9ms (c|)
 * ```
 *
 * ## Example
 * ```ts
 * import { defer } from 'rxjs';
 * import { repeatUntil } from 'rxjs-wait';
 *
 * defer(() => fetch('https://ci.example.com/jobs/42').then((r) => r.json()))
 *   .pipe(repeatUntil((job) => job.state !== 'running', { interval: 2000, timeout: 600_000 }))
 *   .subscribe((job) => console.log(job.state));
 * // Output, one line per poll:
 * // running
 * // running
 * // succeeded
 * ```
 *
 * @param predicate `true` for the value that ends the wait; `attempt` counts subscriptions from 1.
 * @param options `interval` (required), `timeout`, `immediate` (default `true`), `sliding`, `signal`, `onAttempt`, `scheduler`.
 * @returns an operator that repeats its source until a value matches.
 */
export function repeatUntil<T>(
  predicate: (value: T, attempt: number) => boolean,
  options: RepeatUntilOptions,
): MonoTypeOperatorFunction<T> {
  checkFunction('predicate', predicate);
  const { settings, timing } = pollOptions(options, 'repeatUntil', { byDefault: true });
  return (source) => {
    const plan = new RepeatPlan(timing, source, predicate);
    return waitObservable(settings, () => plan);
  };
}

/** A poll whose attempt is one subscription to the source. */
class RepeatPlan<T> extends PollPlan<T> {
  readonly #source: Observable<T>;
  readonly #predicate: (value: T, attempt: number) => boolean;

  constructor(timing: PollTiming, source: Observable<T>, predicate: (value: T, attempt: number) => boolean) {
    super(timing);
    this.#source = source;
    this.#predicate = predicate;
  }

  override run(loop: WaitLoop<T>, attempt: number): void {
    new UntilMatch(loop, attempt, this.#predicate).run(this.#source);
  }
}

/** One subscription to the source: values pass through until one matches. */
class UntilMatch<T> extends AttemptObserver<T, T> {
  readonly #predicate: (value: T, attempt: number) => boolean;

  constructor(loop: WaitLoop<T>, attempt: number, predicate: (value: T, attempt: number) => boolean) {
    super(loop, attempt);
    this.#predicate = predicate;
  }

  next(value: T): void {
    if (this.closed) return;
    let matched: boolean;
    try {
      matched = this.#predicate(value, this.attempt);
    } catch (error) {
      this.error(error);
      return;
    }
    if (!matched) {
      this.loop.next(this.attempt, value);
      return;
    }
    this.unsubscribe();
    this.loop.settle(this.attempt, Outcome.Succeeded, value);
  }

  complete(): void {
    if (this.closed) return;
    this.unsubscribe();
    this.loop.settle(this.attempt, Outcome.NotDone);
  }
}
