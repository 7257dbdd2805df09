import type { MonoTypeOperatorFunction } from 'rxjs';
import { Observable } from 'rxjs';
import type { Backoff } from '../backoff/backoff.js';
import type { BackoffOptions } from '../backoff/plan.js';
import { BackoffPlan, backoffOptions } from '../backoff/plan.js';
import { waitSettings } from '../internal/options.js';
import { AttemptObserver } from '../internal/results.js';
import { checkBoolean, checkDuration, checkFunction, reject, withDefault } from '../internal/validate.js';
import { Outcome, WaitLoop, waitObservable } from '../internal/waitLoop.js';
import type { AttemptInfo, WaitOptions } from '../types.js';

/** What `onRetry` is told before each wait. */
export interface RetryInfo {
  /** The error that is being retried. */
  error: unknown;
  /** The subscription that failed, counting from 1 (all subscriptions, resets ignored). */
  attempt: number;
  /** ms until the next subscription. */
  delay: number;
}

/** Options of {@link backoffRetry}: a {@link Backoff} whose `steps` counts subscriptions. */
export interface BackoffRetryOptions extends Backoff, WaitOptions {
  /**
   * The most subscriptions to the source, the first included (integer >= 1). `Infinity`:
   * no limit (the deadline, the signal or `shouldRetry` ends it; the delay grows until `cap`).
   */
  steps: number;
  /**
   * Whether to retry after `error`, which ended subscription number `attempt` (from 1,
   * restarting with `resetOnSuccess` and `resetAfter`). `false` rethrows `error` at once.
   * A throw errors the result with the thrown error.
   * @default () => true
   */
  shouldRetry?: ((error: unknown, attempt: number) => boolean) | undefined;
  /** A value from the source restarts the backoff and the attempt count. @default false */
  resetOnSuccess?: boolean | undefined;
  /**
   * A subscription that ran at least this many ms before failing restarts the backoff
   * and the attempt count (the Kubernetes backoff manager's reset). @default Infinity (never)
   */
  resetAfter?: number | undefined;
  /**
   * The delay an error asks for (an HTTP `Retry-After`, say), in ms; `undefined` for the
   * backoff's own. Still capped by `cap` when set, and by the deadline. A number that is
   * not finite and >= 0 errors the result with a `RangeError`.
   */
  retryAfter?: ((error: unknown) => number | undefined) | undefined;
  /** Called before each wait to retry. A throw errors the result with the thrown error. */
  onRetry?: ((info: RetryInfo) => void) | undefined;
  /** Deadline in ms from subscription, as in `pollUntil`. @default Infinity (none) */
  timeout?: number | undefined;
  /** Source of numbers in [0, 1) for jitter; inject one to make tests exact. Any other result (`NaN`, `undefined`) fails the wait with a `RangeError`/`TypeError`. @default Math.random */
  random?: (() => number) | undefined;
}

const retryAll = (): boolean => true;

/**
 * Resubscribes to the source after an error, waiting the next backoff delay
 * ({@link stepBackoff}) each time; client-go's `retry.OnError` as an operator. Values
 * pass through; the source's completion completes the result.
 *
 * - `steps` subscriptions used up, or `shouldRetry` false: rethrows the source's last
 *   error unchanged (never wrapped).
 * - `signal` aborted (or `timeout` passed) while waiting or while the source runs: the
 *   source is unsubscribed and the result errors with an `InterruptedError`. Already
 *   aborted: no subscription at all.
 * - `cap` stops the growth of the delay, not the retries.
 *
 * ```text
 * source (each subscription):  --#
 * { duration: 10, factor: 2, steps: 3 }:
 * subscriptions:               ^-!  then at 12 ^-!  then at 34 ^-!
 * result:                      36ms #          (# = the third error, unchanged)
 * ```
 *
 * ## Example
 * ```ts
 * import { defer } from 'rxjs';
 * import { backoffRetry, DEFAULT_BACKOFF } from 'rxjs-wait';
 *
 * defer(() => fetch('https://api.example.com/items'))
 *   .pipe(backoffRetry({ ...DEFAULT_BACKOFF, shouldRetry: (err) => err instanceof TypeError }))
 *   .subscribe((response) => console.log(response.status));
 * // Output, after up to 4 tries 10, 50 and 250 ms apart (plus jitter):
 * // 200
 * ```
 *
 * @param options the `Backoff` fields (`steps` required), `shouldRetry`, `resetOnSuccess`,
 *   `resetAfter`, `retryAfter`, `onRetry`, `onAttempt`, `timeout`, `signal`, `scheduler`, `random`.
 * @returns an operator that retries its source.
 */
export function backoffRetry<T>(options: BackoffRetryOptions): MonoTypeOperatorFunction<T> {
  const backoff = backoffOptions(options, 'backoffRetry', 1);
  const shouldRetry = checkFunction<(error: unknown, attempt: number) => boolean>(
    'shouldRetry',
    withDefault(options.shouldRetry, retryAll),
  );
  const resetOnSuccess = checkBoolean('resetOnSuccess', withDefault(options.resetOnSuccess, false));
  const resetAfter = options.resetAfter === undefined ? Infinity : checkDuration('resetAfter', options.resetAfter);
  const retryAfter =
    options.retryAfter === undefined
      ? undefined
      : checkFunction<(error: unknown) => number | undefined>('retryAfter', options.retryAfter);
  const onRetry =
    options.onRetry === undefined ? undefined : checkFunction<(info: RetryInfo) => void>('onRetry', options.onRetry);
  const settings = waitSettings(options);
  // onRetry is onAttempt's report of a retried error, told before the wait.
  const onAttempt = settings.onAttempt;
  if (onRetry !== undefined) {
    settings.onAttempt = (info: AttemptInfo) => {
      onAttempt?.(info);
      if (info.outcome === 'error' && info.nextDelay !== undefined) {
        onRetry({ error: info.error, attempt: info.attempt, delay: info.nextDelay });
      }
    };
  }
  const rules: RetryRules = { shouldRetry, resetOnSuccess, resetAfter, retryAfter };
  return (source) => waitObservable(settings, () => new RetryPlan(backoff, rules, source));
}

interface RetryRules {
  shouldRetry: (error: unknown, attempt: number) => boolean;
  resetOnSuccess: boolean;
  resetAfter: number;
  retryAfter: ((error: unknown) => number | undefined) | undefined;
}

/**
 * The backoff plan with the retry rules: a subscription that ran `resetAfter` ms, or a
 * value with `resetOnSuccess`, restarts the backoff and the count `shouldRetry` sees;
 * `shouldRetry` saying no ends the retries as running out does; `retryAfter` replaces the
 * step's delay. Running out rethrows the source's last error as it is.
 */
class RetryPlan<T> extends BackoffPlan<T> {
  readonly #rules: RetryRules;
  readonly #source: Observable<T>;

  constructor(backoff: BackoffOptions, rules: RetryRules, source: Observable<T>) {
    super(backoff, true);
    this.#rules = rules;
    this.#source = source;
  }

  /** One subscription to the source. */
  run(loop: WaitLoop<T>, attempt: number): void {
    new SourceSubscription(loop, attempt).run(this.#source);
  }

  override next(now: number, startedAt: number, error: unknown): number | undefined {
    const rules = this.#rules;
    if (now - startedAt >= rules.resetAfter) this.reset();
    if (!rules.shouldRetry(error, this.count + 1)) return undefined;
    const delay = rules.retryAfter === undefined ? undefined : checkRetryAfter(rules.retryAfter(error));
    return this.step(now, delay);
  }

  passed(): void {
    if (this.#rules.resetOnSuccess) this.reset();
  }

  override exhausted(lastError: unknown): unknown {
    return lastError;
  }
}

/** One subscription to the source: values pass through, an error is retriable, completing succeeds. */
class SourceSubscription<T> extends AttemptObserver<T, T> {
  next(value: T): void {
    if (!this.closed) this.loop.next(this.attempt, value);
  }

  override error(error: unknown): void {
    if (this.closed) return;
    this.unsubscribe();
    this.loop.settle(this.attempt, Outcome.Retriable, error);
  }

  complete(): void {
    if (this.closed) return;
    this.unsubscribe();
    this.loop.settle(this.attempt, Outcome.Completed);
  }
}

function checkRetryAfter(value: number | undefined): number | undefined {
  // Number.isFinite is false for anything but a number ('5' included)
  if (value === undefined || (Number.isFinite(value) && value >= 0)) return value;
  return reject(RangeError, 'retryAfter', 'a function returning a finite number >= 0 or undefined', value);
}
