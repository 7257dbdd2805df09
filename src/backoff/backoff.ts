import {
  checkDuration,
  checkFunction,
  checkJitter,
  checkNumber,
  checkOneOf,
  checkOptions,
  reject,
  withDefault,
} from '../internal/validate.js';

/**
 * How a delay is randomised (see "Exponential Backoff and Jitter", AWS Architecture Blog):
 * - `'proportional'` (Go's rule): `d + random() * jitter * d`, only when `jitter > 0`;
 * - `'full'`: `random() * d`;
 * - `'equal'`: `d / 2 + random() * d / 2`;
 * - `'decorrelated'`: `min(cap, random between base and 3 * the previous delay)`; made by
 *   {@link decorrelatedJitter}.
 *
 * `d` is the delay Go's `Step()` would return. `full` and `equal` ignore `jitter`.
 */
export type JitterMode = 'proportional' | 'full' | 'equal' | 'decorrelated';

/**
 * Backoff parameters, Go's `wait.Backoff`. Durations are milliseconds.
 */
export interface Backoff {
  /** The first delay, in ms (finite, >= 0). */
  duration: number;
  /** Each step multiplies the delay by this (finite, >= 0). `0` (the default) leaves it unchanged. @default 0 */
  factor?: number | undefined;
  /**
   * Each delay is lengthened by up to `jitter * delay` at random (see {@link jitter}).
   * `0` (the default), or any value `<= 0` as in Go, means no jitter. Jitter never feeds
   * back into the next delay.
   * @default 0
   */
  jitter?: number | undefined;
  /**
   * How many more steps may grow the delay (an integer). Once it is below 1 (Go accepts
   * negative values too) the delay stays where it is. The operators count attempts with
   * their own `steps` option (an integer >= 0, or >= 1 for `backoffRetry`).
   * @default 0
   */
  steps?: number | undefined;
  /** The delay never grows past this, in ms; reaching it ends the growth. `0` means no cap. @default 0 */
  cap?: number | undefined;
  /** How delays are randomised; see {@link JitterMode}. @default 'proportional' */
  jitterMode?: JitterMode | undefined;
  /** With `jitterMode: 'decorrelated'`: the smallest delay, in ms (finite, > 0). Set by {@link decorrelatedJitter}. */
  base?: number | undefined;
}

/** What one {@link stepBackoff} returns: the delay to wait now, and the backoff for the step after. */
export interface BackoffStep {
  /** The delay to wait now, in ms (jittered when `jitter > 0`). */
  delay: number;
  /** The backoff to pass to the next call. */
  next: Backoff;
}

/** A normalised backoff: every field present. */
export type BackoffState = Required<Backoff>;

/** @internal A copy of a backoff state, field by field (an object spread is slow on this path). */
export function copyBackoffState(state: BackoffState): BackoffState {
  const { duration, factor, jitter, steps, cap, jitterMode, base } = state;
  return { duration, factor, jitter, steps, cap, jitterMode, base };
}

/**
 * @internal Validates and fills in the defaults of a backoff given to function `fn`. With
 * `minSteps` (the operators, whose `steps` counts attempts too: at least 0 for
 * `exponentialBackoff`, 1 for `backoffRetry`), `steps` is required and at least that, or
 * `Infinity`: no limit on attempts (a deadline or the signal ends the wait), the delay
 * growing until `cap`.
 */
export function normalizeBackoff(backoff: Backoff, fn: string, minSteps?: number): BackoffState {
  checkOptions(backoff, fn);
  const state: BackoffState = {
    duration: checkDuration('duration', backoff.duration),
    factor: checkDuration('factor', withDefault(backoff.factor, 0)),
    // Go's rules: a jitter <= 0 is none, and steps < 1 no (more) growth
    jitter: checkJitter('jitter', withDefault(backoff.jitter, 0)),
    steps:
      minSteps === undefined
        ? checkNumber('steps', withDefault(backoff.steps, 0), Number.isInteger, 'an integer (< 1: no growth)')
        : checkNumber(
            'steps',
            backoff.steps,
            (n) => n === Infinity || (Number.isInteger(n) && n >= minSteps),
            `an integer >= ${minSteps} (Infinity for no limit)`,
          ),
    cap: checkDuration('cap', withDefault(backoff.cap, 0)),
    jitterMode: checkOneOf('jitterMode', withDefault(backoff.jitterMode, 'proportional'), JITTER_MODES),
    base: checkDuration('base', withDefault(backoff.base, 0)),
  };
  if (state.jitterMode === 'decorrelated' && state.base <= 0) {
    reject(RangeError, 'base', "a finite number > 0 with jitterMode 'decorrelated'", state.base);
  }
  return state;
}

/**
 * @internal Caps a product that overflowed to `Infinity` at the largest finite number, so
 * that a backoff stays a valid input (`stepBackoff(next)`), and so that `Infinity * 0` (a
 * full jitter drawing 0) can never make a `NaN` delay. Such a delay is forever in practice;
 * a deadline still ends the wait.
 */
function finite(value: number): number {
  return value > Number.MAX_VALUE ? Number.MAX_VALUE : value;
}

/**
 * One number from the user's `random`. Anything but a number from 0 to 1 (`NaN`, `undefined`)
 * would make a delay that arms no timer and leaves the wait with no outcome: it throws, and
 * the wait fails with that error.
 */
function draw(random: () => number): number {
  return checkNumber('random()', random(), inUnit, 'a number from 0 to 1');
}
const inUnit = (n: number) => n >= 0 && n <= 1;

/** @internal `jitter` without validation, for the operators' hot paths. */
export function applyJitter(duration: number, maxFactor: number, random: () => number): number {
  return finite(duration + draw(random) * (maxFactor <= 0 ? 1 : maxFactor) * duration);
}

/** @internal One Go `Backoff.Step()` on a normalised state, mutating it; returns the delay. */
export function advance(state: BackoffState, random: () => number): number {
  if (state.jitterMode === 'decorrelated') {
    let delay = finite(state.base + draw(random) * (finite(state.duration * 3) - state.base));
    if (state.cap > 0 && delay > state.cap) delay = state.cap;
    state.duration = delay;
    return delay;
  }
  const current = state.duration;
  if (state.steps >= 1) {
    state.steps -= 1;
    // Go's Step: only a factor moves the delay, and only then is the cap looked at
    if (state.factor !== 0) {
      let next = finite(current * state.factor);
      if (state.cap > 0 && next > state.cap) {
        next = state.cap;
        state.steps = 0;
      }
      state.duration = next;
    }
  }
  return JITTERS[state.jitterMode as Exclude<JitterMode, 'decorrelated'>](current, state.jitter, random);
}

/**
 * The jitters of one delay `d`, by mode: one table, which the list of modes comes from and
 * `JitterMode` is checked against. `'decorrelated'` is not here: it is a rule of its own
 * (each delay drawn from the last), not a jitter of the delay `Step()` gives.
 */
const JITTERS = {
  proportional: (d: number, jitter: number, random: () => number) => (jitter > 0 ? applyJitter(d, jitter, random) : d),
  full: (d: number, _jitter: number, random: () => number) => draw(random) * d,
  equal: (d: number, _jitter: number, random: () => number) => d / 2 + (draw(random) * d) / 2,
} satisfies Record<Exclude<JitterMode, 'decorrelated'>, (d: number, jitter: number, random: () => number) => number>;

// pure: a bundle that never validates a backoff (pollUntil alone) drops the table
const JITTER_MODES = /* @__PURE__ */ ((): readonly JitterMode[] => [
  ...(Object.keys(JITTERS) as JitterMode[]),
  'decorrelated',
])();

/**
 * One step of an exponential backoff, Go's `Backoff.Step()` as a pure function: returns
 * the delay to wait now and the backoff for the next step.
 *
 * - `steps < 1`: the delay is `duration` (jittered when `jitter > 0`); nothing changes.
 * - otherwise `steps` drops by one and the next `duration` is `duration * factor`
 *   (when `factor` is not 0); a next duration above `cap` becomes `cap` and `steps`
 *   becomes 0, so the delay stays at `cap` from then on.
 * - The delay returned is the **current** duration; jitter never feeds back.
 *
 * ```text
 * { duration: 1000, factor: 2, steps: 3 }          -> 1000, 2000, 4000, 8000, 8000, ...
 * { duration: 1000, factor: 2, steps: 3, cap: 3000 } -> 1000, 2000, 3000, 3000, ...
 * { duration: 5000, factor: 2, steps: 5, cap: 3000 } -> 5000, 3000, 3000, ...
 * ```
 *
 * ## Example
 * ```ts
 * import { stepBackoff, type Backoff } from 'rxjs-wait';
 *
 * let backoff: Backoff = { duration: 1000, factor: 2, steps: 3, jitter: 0.5 };
 * for (let i = 0; i < 4; i++) {
 *   const { delay, next } = stepBackoff(backoff, () => 0.5);
 *   console.log(delay);
 *   backoff = next;
 * }
 * // Output:
 * // 1250
 * // 2500
 * // 5000
 * // 10000
 * ```
 *
 * @see {@link jitter}
 * @param backoff the current backoff (not modified).
 * @param random a source of numbers in [0, 1) for jitter; `Math.random` by default.
 * @returns the delay to wait now and the next backoff.
 */
export function stepBackoff(backoff: Backoff, random: () => number = Math.random): BackoffStep {
  const state = normalizeBackoff(backoff, 'stepBackoff');
  checkFunction('random', random);
  const delay = advance(state, random);
  return { delay, next: state };
}

/**
 * Go's `wait.Jitter`: `duration + random() * maxFactor * duration`, a delay lengthened
 * by up to `maxFactor` times itself. A `maxFactor <= 0` means 1 (up to double).
 *
 * ```text
 * jitter(1000, 0.1, () => 0.5)  -> 1050
 * jitter(1000, 0,   () => 0.5)  -> 1500   (maxFactor <= 0 means 1)
 * ```
 *
 * ## Example
 * ```ts
 * import { jitter } from 'rxjs-wait';
 *
 * console.log(jitter(200, 0.25, () => 0.5));
 * // Output:
 * // 225
 * ```
 *
 * @param duration the base delay in ms (finite, >= 0).
 * @param maxFactor the largest fraction of `duration` to add; `<= 0` means 1.
 * @param random a source of numbers in [0, 1); `Math.random` by default.
 * @returns the jittered delay in ms.
 */
export function jitter(duration: number, maxFactor: number, random: () => number = Math.random): number {
  checkDuration('duration', duration);
  checkNumber('maxFactor', maxFactor, Number.isFinite, 'a finite number');
  checkFunction('random', random);
  return applyJitter(duration, maxFactor, random);
}

/**
 * client-go's `retry.DefaultRetry`: 5 attempts 10 ms apart, with 10% jitter. For
 * conflicts and other errors expected to clear quickly.
 *
 * ## Example
 * ```ts
 * import { backoffRetry, DEFAULT_RETRY } from 'rxjs-wait';
 *
 * update$.pipe(backoffRetry({ ...DEFAULT_RETRY, shouldRetry: isConflict }));
 * ```
 */
export const DEFAULT_RETRY: Readonly<Required<Pick<Backoff, 'duration' | 'factor' | 'jitter' | 'steps'>>> =
  /* @__PURE__ */ Object.freeze({ duration: 10, factor: 1, jitter: 0.1, steps: 5 });

/**
 * client-go's `retry.DefaultBackoff`: 4 attempts, 10 ms growing five-fold (10, 50,
 * 250 ms), with 10% jitter. For errors that may take a while to clear.
 *
 * ## Example
 * ```ts
 * import { exponentialBackoff, DEFAULT_BACKOFF } from 'rxjs-wait';
 *
 * exponentialBackoff(() => cache.isWarm(), DEFAULT_BACKOFF).subscribe();
 * ```
 */
export const DEFAULT_BACKOFF: Readonly<Required<Pick<Backoff, 'duration' | 'factor' | 'jitter' | 'steps'>>> =
  /* @__PURE__ */ Object.freeze({ duration: 10, factor: 5, jitter: 0.1, steps: 4 });

/** Options of {@link decorrelatedJitter}. */
export interface DecorrelatedJitterOptions {
  /** The smallest delay, in ms (finite, > 0). */
  base: number;
  /** The largest delay, in ms (finite, >= `base`). */
  cap: number;
}

/**
 * A backoff with "decorrelated jitter" (AWS): each delay is random between `base` and
 * three times the previous delay, never above `cap`. Spread it wherever a `Backoff` goes.
 *
 * ```text
 * decorrelatedJitter({ base: 100, cap: 1000 }), random 0.5 each time:
 * delays 200, 350, 575, 912.5, 1000, 1000, ...   (100 + 0.5 * (3 * previous - 100))
 * ```
 *
 * ## Example
 * ```ts
 * import { backoffRetry, decorrelatedJitter } from 'rxjs-wait';
 *
 * request$.pipe(backoffRetry({ ...decorrelatedJitter({ base: 100, cap: 10_000 }), steps: 8 }));
 * ```
 *
 * @param options `base` and `cap`, in ms.
 * @returns a `Backoff` with `jitterMode: 'decorrelated'`.
 */
export function decorrelatedJitter(options: DecorrelatedJitterOptions): Backoff {
  checkOptions(options, 'decorrelatedJitter');
  const base = checkNumber('base', options.base, (n) => n > 0 && Number.isFinite(n), 'a finite number > 0');
  const cap = checkNumber(
    'cap',
    options.cap,
    (n) => n >= base && Number.isFinite(n),
    `a finite number >= \`base\` (${base})`,
  );
  return { duration: base, base, cap, jitterMode: 'decorrelated' };
}
