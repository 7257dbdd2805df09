import { InterruptedError } from './InterruptedError.js';
import { isInterruptedErrorLike } from './guards.js';

/**
 * Wraps `cause` in an {@link InterruptedError}, like Go's `wait.ErrorInterrupted`.
 * An error that already is an `InterruptedError` (from any installed copy of this
 * package) is returned as it is, so a cause is never wrapped twice.
 *
 * ```text
 * errorInterrupted(abortReason)        -> InterruptedError { cause: abortReason }
 * errorInterrupted(interruptedError)   -> interruptedError (same object)
 * errorInterrupted()                   -> InterruptedError { message: 'timed out waiting for the condition' }
 * ```
 *
 * ## Example
 * ```ts
 * import { errorInterrupted, isInterrupted } from 'rxjs-wait';
 *
 * const err = errorInterrupted(new DOMException('deploy cancelled', 'AbortError'));
 * console.log(err.message, isInterrupted(err), errorInterrupted(err) === err);
 * // Output:
 * // deploy cancelled true true
 * ```
 *
 * @param cause why the wait stopped (an abort reason, a `TimeoutError`, or nothing).
 * @returns an `InterruptedError` whose `cause` is `cause`.
 */
export function errorInterrupted(cause?: unknown): InterruptedError {
  if (isInterruptedErrorLike(cause)) return cause as InterruptedError;
  return new InterruptedError(cause);
}
