import type { SchedulerLike } from 'rxjs';

/**
 * Option validation shared by every factory. Each check throws at call time with a
 * message that names the option: a `TypeError` for a value of the wrong type, a
 * `RangeError` for a number out of range.
 */

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (value === null) return 'null';
  if (typeof value === 'object') return Array.isArray(value) ? 'an array' : 'an object';
  return String(value);
}

/** The options argument itself: an object (or `undefined` when `optional`). */
export function checkOptions(value: unknown, fn: string, optional = false): void {
  if (value === undefined && optional) return;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`Expected the options of \`${fn}\` to be an object, got ${describe(value)}`);
  }
}

function checkNumberType(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number') {
    throw new TypeError(`Expected \`${name}\` to be a number, got ${describe(value)}`);
  }
}

/** A duration in ms: finite and >= 0. */
export function checkDuration(name: string, value: unknown): number {
  checkNumberType(name, value);
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`Expected \`${name}\` to be a finite number >= 0, got ${describe(value)}`);
  }
  return value;
}

/** A timeout in ms: >= 0, `Infinity` meaning none. */
export function checkTimeout(name: string, value: unknown): number {
  checkNumberType(name, value);
  if (Number.isNaN(value) || value < 0) {
    throw new RangeError(`Expected \`${name}\` to be a number >= 0 (Infinity for none), got ${describe(value)}`);
  }
  return value;
}

/** A whole number >= `min`. */
export function checkInteger(name: string, value: unknown, min: number): number {
  checkNumberType(name, value);
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`Expected \`${name}\` to be an integer >= ${min}, got ${describe(value)}`);
  }
  return value;
}

export function checkBoolean(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') {
    throw new TypeError(`Expected \`${name}\` to be a boolean, got ${describe(value)}`);
  }
  return value;
}

export function checkFunction<F>(name: string, value: unknown): F {
  if (typeof value !== 'function') {
    throw new TypeError(`Expected \`${name}\` to be a function, got ${describe(value)}`);
  }
  return value as F;
}

export function checkSignal(name: string, value: unknown): AbortSignal | undefined {
  if (value === undefined) return undefined;
  const like = value as Partial<AbortSignal> | null;
  if (
    typeof like !== 'object' ||
    like === null ||
    typeof like.aborted !== 'boolean' ||
    typeof like.addEventListener !== 'function' ||
    typeof like.removeEventListener !== 'function'
  ) {
    throw new TypeError(`Expected \`${name}\` to be an AbortSignal, got ${describe(value)}`);
  }
  return value as AbortSignal;
}

export function checkScheduler(name: string, value: unknown): SchedulerLike | undefined {
  if (value === undefined) return undefined;
  const like = value as Partial<SchedulerLike> | null;
  if (typeof like !== 'object' || like === null || typeof like.schedule !== 'function' || typeof like.now !== 'function') {
    throw new TypeError(`Expected \`${name}\` to be an RxJS scheduler, got ${describe(value)}`);
  }
  return value as SchedulerLike;
}

/** An option's value, or `fallback` when it is `undefined` (and only then: `null` is a wrong value). */
export function withDefault<T>(value: T | undefined, fallback: T): T {
  return value === undefined ? fallback : value;
}

/** One of a fixed set of strings. */
export function checkOneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    const list = allowed.map((a) => `'${a}'`).join(', ');
    const type = typeof value === 'string' ? RangeError : TypeError;
    throw new type(`Expected \`${name}\` to be one of ${list}, got ${describe(value)}`);
  }
  return value as T;
}
