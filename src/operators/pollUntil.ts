import type { Observable } from 'rxjs';
import { createPoll } from '../internal/poll.js';
import type { PollOptionsShape } from '../types.js';
import type { Condition } from '../types.js';

/** Options of {@link pollUntil}. */
export interface PollOptions extends PollOptionsShape {
  /** Time between attempts, in ms (finite, >= 0). */
  interval: number;
  /**
   * The deadline, in ms from subscription. Reaching it errors with an
   * `InterruptedError` whose `cause` is a `DOMException` named `'TimeoutError'`.
   * `0` means already expired. A tick and the deadline in the same instant: the
   * deadline wins.
   * @default Infinity (none)
   */
  timeout?: number | undefined;
  /**
   * Call the condition once at subscription, even when `signal` is already aborted or
   * `timeout` is 0 (then the wait errors right after that call, unless it succeeded).
   * @default false (the first call comes one `interval` after subscription)
   */
  immediate?: boolean | undefined;
  /**
   * `false`: a fixed rate, ticks at subscription + k * `interval`; ticks that pass during
   * a slow attempt collapse into one, due as soon as it settles. `true`: the interval
   * restarts when each attempt settles.
   * @default false
   */
  sliding?: boolean | undefined;
}

/**
 * Calls `condition` every `interval` ms until it returns `true`, Go's
 * `wait.PollUntilContextCancel` / `PollUntilContextTimeout`. Three outcomes, always
 * distinct:
 * 1. the condition returned `true`: emits one `undefined` and completes, in that instant;
 * 2. the wait was interrupted (`signal` aborted, `timeout` passed): errors with an
 *    `InterruptedError` whose `cause` says why;
 * 3. the condition threw, rejected or errored: errors with that very error.
 *
 * ```text
 * interval 10, condition true on the 3rd call (f = false, t = true, u = undefined):
 * calls:   10ms f 9ms f 9ms t
 * result:  30ms (u|)
 *
 * interval 10, timeout 35, never true:
 * calls:   10ms f 9ms f 9ms f
 * result:  35ms #                     (# = InterruptedError, cause: a TimeoutError)
 *
 * interval 10, the call at 10 takes 25 ms (fixed rate; the ticks at 20 and 30 collapse):
 * calls at 10, 35, 40, 50, ...
 * ```
 *
 * Attempts never overlap. On abort, deadline or unsubscribe the in-flight attempt's
 * `context.signal` is aborted and its late result ignored; nothing stays scheduled and
 * no listener stays on `signal`.
 *
 * ## Example
 * ```ts
 * import { pollUntil, isInterrupted } from 'rxjs-wait';
 *
 * pollUntil(
 *   async ({ signal }) => (await fetch('http://localhost:8080/healthz', { signal })).ok,
 *   { interval: 500, timeout: 10_000 },
 * ).subscribe({
 *   next: () => console.log('ready'),
 *   error: (err) => console.log(isInterrupted(err) ? 'not ready in 10 s' : `check failed: ${err}`),
 * });
 * // Output, once the service answers 2xx:
 * // ready
 * ```
 *
 * @see {@link pollImmediate} for a first call at subscription.
 * @param condition called with `{ signal, attempt }`; returns a boolean, a Promise of one
 *   or an Observable whose first value counts.
 * @param options `interval` (required), `timeout`, `immediate`, `sliding`, `signal`, `onAttempt`, `scheduler`.
 * @returns an Observable of one `undefined` on success.
 */
export function pollUntil(condition: Condition, options: PollOptions): Observable<void> {
  return createPoll(condition, options, 'pollUntil', { byDefault: false });
}
