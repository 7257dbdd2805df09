import type { SchedulerLike } from 'rxjs';

/**
 * Option validation shared by every factory. Each check throws at call time with a
 * message that names the option: a `TypeError` for a value of the wrong type, a
 * `RangeError` for a number out of range. Kept small: it ships in every bundle.
 */

/** A value as a message shows it: `-1`, `NaN`, `"5"`, `null`, `an object`. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || value === undefined || (typeof value !== 'object' && typeof value !== 'function'))
    return String(value);
  return typeof value === 'function' ? 'a function' : Array.isArray(value) ? 'an array' : 'an object';
}

/** Throws ``Expected `name` to be <expected>, got <value>``: every message has this form. */
export function reject(type: ErrorConstructor, name: string, expected: string, value: unknown): never {
  throw new type(`Expected \`${name}\` to be ${expected}, got ${describe(value)}`);
}

/** The options argument itself: an object. */
export function checkOptions(value: unknown, fn: string): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`Expected the options of \`${fn}\` to be an object, got ${describe(value)}`);
  }
}

/**
 * A number for which `ok` holds; both errors say what is expected: a `TypeError` for a
 * value that is no number (a forgotten option: ``got undefined``), else a `RangeError`.
 */
export function checkNumber(name: string, value: unknown, ok: (n: number) => boolean, expected: string): number {
  if (typeof value !== 'number') reject(TypeError, name, expected, value);
  return ok(value) ? value : reject(RangeError, name, expected, value);
}

/** A duration in ms: finite and >= 0. */
export const checkDuration = (name: string, value: unknown): number =>
  checkNumber(name, value, (n) => Number.isFinite(n) && n >= 0, 'a finite number >= 0');

/** A timeout in ms: >= 0, `Infinity` meaning none. */
export const checkTimeout = (name: string, value: unknown): number =>
  checkNumber(name, value, (n) => n >= 0, 'a number >= 0 (Infinity for none)');

/** A jitter factor: any finite number, one `<= 0` meaning none (Go's rule). */
export const checkJitter = (name: string, value: unknown): number =>
  checkNumber(name, value, Number.isFinite, 'a finite number (<= 0: none)');

/** A whole number >= `min`. */
export const checkInteger = (name: string, value: unknown, min: number): number =>
  checkNumber(name, value, (n) => Number.isInteger(n) && n >= min, `an integer >= ${min}`);

export function checkBoolean(name: string, value: unknown): boolean {
  return typeof value === 'boolean' ? value : reject(TypeError, name, 'a boolean', value);
}

export function checkFunction<F>(name: string, value: unknown): F {
  return typeof value === 'function' ? (value as F) : reject(TypeError, name, 'a function', value);
}

export function checkSignal(name: string, value: unknown, expected = 'an AbortSignal'): AbortSignal | undefined {
  if (value === undefined) return undefined;
  const like = value as Partial<AbortSignal> | null;
  if (typeof like !== 'object' || like === null || typeof like.addEventListener !== 'function') {
    reject(TypeError, name, expected, value);
  }
  return value as AbortSignal;
}

export function checkScheduler(name: string, value: unknown): SchedulerLike | undefined {
  if (value === undefined) return undefined;
  const like = value as Partial<SchedulerLike> | null;
  if (
    typeof like !== 'object' ||
    like === null ||
    typeof like.schedule !== 'function' ||
    typeof like.now !== 'function'
  ) {
    reject(TypeError, name, 'an RxJS scheduler', value);
  }
  return value as SchedulerLike;
}

/** One of a fixed set of strings. */
export function checkOneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  if (allowed.includes(value as T)) return value as T;
  return reject(typeof value === 'string' ? RangeError : TypeError, name, `one of '${allowed.join("', '")}'`, value);
}

/** An option's value, or `fallback` when it is `undefined` (and only then: `null` is a wrong value). */
export function withDefault<T>(value: T | undefined, fallback: T): T {
  return value === undefined ? fallback : value;
}
