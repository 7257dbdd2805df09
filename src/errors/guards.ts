/**
 * Guards over interruption errors. They look at `name`, never only at `instanceof`,
 * so errors from another installed copy of this package, DOMExceptions and RxJS's own
 * `TimeoutError` are all recognised. They walk the `cause` chain, stop on cycles and
 * never throw (a throwing getter counts as "not interrupted").
 */

type Kind = 'InterruptedError' | 'AbortError' | 'TimeoutError';

/**
 * How many `cause` links a guard follows at the most. The bound also ends cycles and
 * `cause` getters that make a new error on every read.
 */
const MAX_DEPTH = 64;

function nameOf(value: object): unknown {
  try {
    return (value as { name?: unknown }).name;
  } catch {
    return undefined;
  }
}

function causeOf(value: object): unknown {
  try {
    return (value as { cause?: unknown }).cause;
  } catch {
    return undefined;
  }
}

/**
 * The first name along `err`'s cause chain (the error itself included) that is one of
 * the interruption names, skipping `InterruptedError` links when `skipInterrupted`.
 */
function firstKind(err: unknown, skipInterrupted: boolean): Kind | undefined {
  let current = err;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    if (typeof current !== 'object' || current === null) return undefined;
    const name = nameOf(current);
    if (name === 'AbortError' || name === 'TimeoutError') return name;
    if (name === 'InterruptedError' && !skipInterrupted) return name;
    current = causeOf(current);
  }
  return undefined;
}

/** @internal True when `value` is an `InterruptedError` by name (any installed copy). */
export function isInterruptedErrorLike(value: unknown): boolean {
  return typeof value === 'object' && value !== null && nameOf(value) === 'InterruptedError';
}

/**
 * True when `err` means "the wait was interrupted" rather than "the condition failed",
 * like Go's `wait.Interrupted`: an {@link InterruptedError}, any error named
 * `'AbortError'` or `'TimeoutError'` (DOMExceptions, RxJS's `TimeoutError`), or an error
 * whose `cause` chain reaches one of those. False for `undefined`, strings, plain
 * objects and every other error. Never throws, even on cyclic `cause` chains.
 *
 * ```text
 * pollUntil(...):  ----#          # = InterruptedError     -> isInterrupted: true
 * pollUntil(...):  --#            # = the condition's error -> isInterrupted: false
 * ```
 *
 * ## Example
 * ```ts
 * import { pollUntil, isInterrupted } from 'rxjs-wait';
 *
 * pollUntil(() => false, { interval: 10, timeout: 35 }).subscribe({
 *   error: (err) => console.log(isInterrupted(err) ? 'gave up' : 'condition failed'),
 * });
 * // Output:
 * // gave up
 * ```
 *
 * @param err anything caught from a wait.
 * @returns whether it is an interruption.
 */
export function isInterrupted(err: unknown): boolean {
  return firstKind(err, false) !== undefined;
}

/**
 * True when the wait stopped because its deadline passed: `err` (or the first
 * interruption along its `cause` chain, e.g. an {@link InterruptedError}'s cause) is
 * named `'TimeoutError'`. Go: `errors.Is(err, context.DeadlineExceeded)`.
 *
 * ```text
 * pollUntil(f, { interval: 10, timeout: 25 }):  10ms f 9ms f 4ms #   # cause: TimeoutError -> true
 * ```
 *
 * ## Example
 * ```ts
 * import { pollUntil, isDeadlineExceeded } from 'rxjs-wait';
 *
 * pollUntil(() => false, { interval: 10, timeout: 25 }).subscribe({
 *   error: (err) => console.log(isDeadlineExceeded(err)),
 * });
 * // Output:
 * // true
 * ```
 *
 * @param err anything caught from a wait.
 * @returns whether the interruption was a deadline.
 */
export function isDeadlineExceeded(err: unknown): boolean {
  return firstKind(err, true) === 'TimeoutError';
}

/**
 * True when the wait stopped because it was cancelled: `err` (or the first
 * interruption along its `cause` chain, e.g. an {@link InterruptedError}'s cause) is
 * named `'AbortError'`. Go: `errors.Is(err, context.Canceled)`.
 *
 * ```text
 * signal:                                  25ms !                  (aborted at 25)
 * pollUntil(f, { interval: 10, signal }):  10ms f 9ms f 4ms #   # cause: AbortError -> true
 * ```
 *
 * ## Example
 * ```ts
 * import { pollUntil, isCanceled } from 'rxjs-wait';
 *
 * const controller = new AbortController();
 * pollUntil(() => false, { interval: 10, signal: controller.signal }).subscribe({
 *   error: (err) => console.log(isCanceled(err)),
 * });
 * controller.abort();
 * // Output:
 * // true
 * ```
 *
 * @param err anything caught from a wait.
 * @returns whether the interruption was a cancellation.
 */
export function isCanceled(err: unknown): boolean {
  return firstKind(err, true) === 'AbortError';
}
