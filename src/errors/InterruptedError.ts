import { messageOf } from './errorShapes.js';

/** The Go package's `ErrWaitTimeout` text, used when an interruption has no cause. */
export const WAIT_TIMEOUT_MESSAGE = 'timed out waiting for the condition';

/**
 * The wait stopped before its condition was met: the abort signal fired, the
 * `timeout` deadline passed, or the attempts (`steps`) ran out.
 *
 * `cause` says which: the signal's `reason` on cancellation, a `DOMException` named
 * `'TimeoutError'` at the deadline, `undefined` when the attempts ran out. Test for it
 * with {@link isInterrupted} rather than `instanceof`, so that two installed copies of
 * this package agree.
 *
 * ```text
 * pollUntil(condition, { interval: 30, signal }), signal aborted at 90 ms:
 * calls:   30ms f 29ms f 29ms f
 * result:  90ms #          (# = InterruptedError, cause = signal.reason)
 * ```
 *
 * ## Example
 * ```ts
 * import { pollUntil, InterruptedError } from 'rxjs-wait';
 *
 * pollUntil(() => false, { interval: 100, timeout: 250 }).subscribe({
 *   error: (err: InterruptedError) => console.log(err.name, (err.cause as DOMException).name, err.attempts),
 * });
 * // Output (at 250 ms):
 * // InterruptedError TimeoutError 2
 * ```
 *
 * `pollValue` adds `lastValue`: what the last attempt saw (the job still running, say).
 */
export class InterruptedError<T = unknown> extends Error {
  /** Always `'InterruptedError'`; the guards recognise the error by it. */
  override readonly name = 'InterruptedError';
  /** How many times the condition (or source) was called, on errors raised by this package. */
  declare attempts?: number;
  /**
   * From `pollValue`: the last value an attempt produced before the wait was interrupted
   * (absent when no attempt produced one). `InterruptedError<Job>` types it; test
   * `'lastValue' in err` to tell "none seen" from a last value of `undefined`.
   */
  declare lastValue?: T;
  /**
   * Why the wait stopped: the abort signal's reason, a `TimeoutError` for a deadline, or
   * `undefined` when the attempts ran out. Declared here (not only inherited from ES2022's
   * `Error`) so that `err.cause` compiles under older `lib` settings too.
   */
  declare readonly cause: unknown;

  /**
   * @param cause why the wait stopped; its message becomes this error's message when it
   *   is an `Error` (or `DOMException`) with one.
   * @param attempts how many times the condition or source was called.
   */
  constructor(cause?: unknown, attempts?: number) {
    super(messageOf(cause) ?? WAIT_TIMEOUT_MESSAGE, { cause });
    if (attempts !== undefined) this.attempts = attempts;
  }
}
