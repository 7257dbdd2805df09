import type { MonoTypeOperatorFunction } from 'rxjs';
import { Observable } from 'rxjs';
import type { Backoff } from '../backoff/backoff';
import { backoffPlan, waitBasics } from '../internal/options';
import { BackoffSchedule } from '../internal/schedules';
import { checkBoolean, checkFunction, withDefault } from '../internal/validate';
import type { LoopConfig, Runner } from '../internal/waitLoop';
import { WaitLoop } from '../internal/waitLoop';
import type { WaitOptions } from '../types';

/** Options of {@link backoffRetry}: a {@link Backoff} whose `steps` counts subscriptions. */
export interface BackoffRetryOptions extends Backoff, WaitOptions {
  /** The most subscriptions to the source, the first included (integer >= 1). */
  steps: number;
  /**
   * Whether to retry after `error`, which ended subscription number `attempt` (from 1,
   * restarting with `resetOnSuccess`). `false` rethrows `error` at once. A throw errors
   * the result with the thrown error.
   * @default () => true
   */
  shouldRetry?: (error: unknown, attempt: number) => boolean;
  /** A value from the source restarts the backoff and the attempt count. @default false */
  resetOnSuccess?: boolean;
  /** Deadline in ms from subscription, as in `pollUntil`. @default Infinity (none) */
  timeout?: number;
  /** Source of numbers in [0, 1) for jitter; inject one to make tests exact. @default Math.random */
  random?: () => number;
}

const retryAll = (): boolean => true;

/**
 * Resubscribes to the source after an error, waiting the next backoff delay
 * ({@link stepBackoff}) each time; client-go's `retry.OnError` as an operator. Values
 * pass through; the source's completion completes the result.
 *
 * - `steps` subscriptions used up, or `shouldRetry` false: rethrows the source's last
 *   error unchanged (never wrapped).
 * - `signal` aborted while waiting or while the source runs: the source is unsubscribed
 *   and the result errors with an `InterruptedError` (cause: the signal's reason).
 *   Already aborted: no subscription at all.
 * - `cap` stops the growth of the delay, not the retries.
 *
 * ```text
 * source (each subscription):  --#
 * { duration: 10, factor: 2, steps: 3 }:
 * subscriptions:               ^-!
 *                              ------------^-!          (at 12: 2 + 10)
 *                              ---------------------------------^-!   (at 34: 14 + 20)
 * result:                      -----------------------------------#   (the 3rd error, unchanged)
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
 *   `timeout`, `signal`, `scheduler`, `random`.
 * @returns an operator that retries its source.
 */
export function backoffRetry<T>(options: BackoffRetryOptions): MonoTypeOperatorFunction<T> {
  const { backoff, steps, random } = backoffPlan(options, 'backoffRetry', 1);
  const shouldRetry = checkFunction<(error: unknown, attempt: number) => boolean>(
    'shouldRetry',
    withDefault(options.shouldRetry, retryAll),
  );
  const resetOnSuccess = checkBoolean('resetOnSuccess', withDefault(options.resetOnSuccess, false));
  const config: LoopConfig = {
    ...waitBasics(options),
    immediate: true,
    completeOnInterrupt: false,
    exhausted: (lastError) => lastError,
  };
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
            let retry: boolean;
            try {
              retry = shouldRetry(error, schedule.count + 1);
            } catch (hookError) {
              loop.fail(attempt, hookError);
              return;
            }
            if (retry) loop.settle(attempt, error);
            else loop.fail(attempt, error);
          },
          complete: () => loop.complete(attempt),
        });
        loop.track(attempt, subscription);
      };
      return new WaitLoop(subscriber, config, schedule, run).begin();
    });
}
