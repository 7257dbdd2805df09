import type { Observable } from 'rxjs';
import { createPoll } from '../internal/poll.js';
import type { Condition } from '../types.js';
import type { PollOptions } from './pollUntil.js';

/** Options of {@link pollImmediate}: those of `pollUntil` without `immediate`. */
export type PollImmediateOptions = Omit<PollOptions, 'immediate'>;

/**
 * {@link pollUntil} with `immediate: true`: the first call at subscription, then every
 * `interval` ms. The first call happens even when `signal` is already aborted or
 * `timeout` is 0 (Go's `PollUntilContextTimeout(ctx, interval, timeout, true, ...)`).
 *
 * ```text
 * interval 20, timeout 110, never true:
 * calls:   f 19ms f 19ms f 19ms f 19ms f 19ms f   (at 0, 20, 40, 60, 80, 100)
 * result:  110ms #                                 (# = InterruptedError, cause TimeoutError)
 * ```
 *
 * ## Example
 * ```ts
 * import { pollImmediate } from 'rxjs-wait';
 * import { existsSync } from 'node:fs';
 *
 * pollImmediate(() => existsSync('/tmp/ready'), { interval: 200, timeout: 5000 })
 *   .subscribe({ complete: () => console.log('file is there') });
 * // Output, when /tmp/ready exists already:
 * // file is there
 * ```
 *
 * @param condition as for `pollUntil`.
 * @param options `interval` (required), `timeout`, `sliding`, `signal`, `onAttempt`, `scheduler`.
 * @returns an Observable of one `undefined` on success.
 */
export function pollImmediate(condition: Condition, options: PollImmediateOptions): Observable<void> {
  return createPoll(condition, options, 'pollImmediate', 'always');
}
