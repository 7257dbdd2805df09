/**
 * @internal Error shapes that must hold on every runtime RxJS runs on, and across realms
 * (a `vm` context, a jest sandbox, an iframe), where `instanceof Error` is false for a
 * real error.
 */

/**
 * A `DOMException` named `name`, the shape `AbortSignal.abort()` and
 * `AbortSignal.timeout()` give, or an `Error` with that name on runtimes without
 * `DOMException` (Hermes, some embedded engines). The guards read only the name.
 */
export function namedError(message: string, name: 'AbortError' | 'TimeoutError'): Error {
  if (typeof DOMException === 'function') return new DOMException(message, name);
  const error = new Error(message);
  error.name = name;
  return error;
}

/**
 * True for an `Error` (of any class) or a `DOMException`, from any realm: the brand
 * `Object.prototype.toString` reads. Never throws: a revoked Proxy is just not an error.
 */
export function isErrorLike(value: unknown): value is Error {
  try {
    return /^\[object (Error|DOMException)\]$/.test(Object.prototype.toString.call(value));
  } catch {
    return false;
  }
}

/** `value.message` when `value` is an error with a non-empty string message; never throws. */
export function messageOf(value: unknown): string | undefined {
  try {
    const message: unknown = isErrorLike(value) ? value.message : undefined;
    return typeof message === 'string' && message !== '' ? message : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Makes an error without capturing a stack trace (V8's `Error.stackTraceLimit`, as Node
 * core does), for errors whose every frame would be the package's own plumbing: a wait's
 * `InterruptedError` is made in the abort fan-out or a timer, never at the caller, and its
 * `cause` says why. Aborting 100,000 waits would otherwise capture 100,000 stacks. Where
 * the limit is not a writable number (other engines, frozen intrinsics), just makes it.
 */
export function withoutStack<E>(make: () => E): E {
  const errorClass = Error as { stackTraceLimit?: number };
  const limit = errorClass.stackTraceLimit;
  try {
    if (typeof limit === 'number') errorClass.stackTraceLimit = 0;
  } catch {
    // not writable: keep the capture
  }
  try {
    return make();
  } finally {
    if (errorClass.stackTraceLimit !== limit) errorClass.stackTraceLimit = limit;
  }
}
