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
