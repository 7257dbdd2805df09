import type { MonoTypeOperatorFunction } from 'rxjs';
import { Observable } from 'rxjs';
import type { Backoff } from '../backoff/backoff.js';
import { backoffPlan, loopConfig } from '../internal/options.js';
import { BackoffSchedule } from '../internal/schedules.js';
import { checkBoolean, checkDuration, checkFunction, withDefault } from '../internal/validate.js';
import type { Runner } from '../internal/waitLoop.js';
import { WaitLoop } from '../internal/waitLoop.js';
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
  /** The most subscriptions to the source, the first included (integer >= 1). */
  steps: number;
  /**
   * Whether to retry after `error`, which ended subscription number `attempt` (from 1,
   * restarting with `resetOnSuccess` and `resetAfter`). `false` rethrows `error` at once.
   * A throw errors the result with the thrown error.
   * @default () => true
   */
  shouldRetry?: (error: unknown, attempt: number) => boolean;
  /** A value from the source restarts the backoff and the attempt count. @default false */
  resetOnSuccess?: boolean;
  /**
   * A subscription that ran at least this many ms before failing restarts the backoff
   * and the attempt count (the Kubernetes backoff manager's reset). @default Infinity (never)
   */
  resetAfter?: number;
  /**
   * The delay an error asks for (an HTTP `Retry-After`, say), in ms; `undefined` for the
   * backoff's own. Still capped by `cap` when set, and by the deadline. A number that is
   * not finite and >= 0 errors the result with a `RangeError`.
   */
  retryAfter?: (error: unknown) => number | undefined;
  /** Called before each wait to retry. A throw errors the result with the thrown error. */
  onRetry?: (info: RetryInfo) => void;
  /** Deadline in ms from subscription, as in `pollUntil`. @default Infinity (none) */
  timeout?: number;
  /** Source of numbers in [0, 1) for jitter; inject one to make tests exact. @default Math.random */
  random?: () => number;
}

const retryAll = (): boolean => true;
const rethrowLast = (lastError: unknown): unknown => lastError;

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
  const { backoff, steps, random } = backoffPlan(options, 'backoffRetry', 1);
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
  // onRetry is onAttempt's report of a retried error, told before the wait.
  const withOnRetry = (hook: ((info: AttemptInfo) => void) | undefined) =>
    onRetry === undefined
      ? hook
      : (info: AttemptInfo) => {
          hook?.(info);
          if (info.outcome === 'error' && info.nextDelay !== undefined) {
            onRetry({ error: info.error, attempt: info.attempt, delay: info.nextDelay });
          }
        };
  const config = loopConfig(options, true, false, rethrowLast, withOnRetry);
  return (source) =>
    new Observable<T>((subscriber) => {
      const schedule = new BackoffSchedule(backoff, steps, random);
      const run: Runner<T> = (loop, { attempt }) => {
        const subscription = source.subscribe({
          next: (value) => {
            if (resetOnSuccess) schedule.reset();
            loop.next(attempt, value);
          },
          error: (error: unknown) => {
            try {
              if (config.scheduler.now() - loop.startedAt >= resetAfter) schedule.reset();
              if (!shouldRetry(error, schedule.count + 1)) {
                loop.fail(attempt, error);
                return;
              }
              if (retryAfter !== undefined) schedule.override = checkRetryAfter(retryAfter(error));
            } catch (hookError) {
              loop.fail(attempt, hookError);
              return;
            }
            loop.retry(attempt, error);
          },
          complete: () => loop.complete(attempt),
        });
        loop.track(attempt, subscription);
      };
      return new WaitLoop(subscriber, config, schedule, run).begin();
    });
}

function checkRetryAfter(value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`Expected \`retryAfter\` to return a finite number >= 0 or undefined, got ${String(value)}`);
  }
  return value;
}
