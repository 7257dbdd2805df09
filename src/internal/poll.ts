import { Observable } from 'rxjs';
import type { Condition, PollOptionsShape } from '../types.js';
import { runCondition } from './condition.js';
import { waitSettings } from './options.js';
import { checkBoolean, checkDuration, checkFunction, checkOptions, withDefault } from './validate.js';
import type { Plan, WaitSettings } from './waitLoop.js';
import { First, OnInterrupt, WaitLoop, waitObservable } from './waitLoop.js';

/** The first tick of `k * interval` (k >= 1) strictly after `after`. */
function tickAfter(interval: number, after: number): number {
  if (interval === 0) return after;
  let tick = (Math.floor(after / interval) + 1) * interval;
  // Floating point: with fractional times the quotient can round up to a whole number,
  // so the tick computed from it lands on (or a hair below) `after`, the tick the attempt
  // began on; the next tick must be strictly after it.
  if (tick <= after) tick += interval;
  return tick;
}

/** A poll's validated timing: the same for every subscription. */
export interface PollTiming {
  interval: number;
  immediate: boolean;
  sliding: boolean;
}

/**
 * Go's poll loop as a plan: an attempt calls the condition. Immediate: the first call at
 * subscription, forced even when already interrupted (Go's `immediate`); else one interval
 * in. Fixed rate: ticks every `interval` from the subscription; ticks that pass while an
 * attempt runs collapse into one, due at once when the attempt settles. Sliding: the
 * interval restarts when an attempt settles. It never runs out; an interruption errors.
 * No state: one plan serves every subscription. `repeatUntil` overrides what an attempt is.
 */
export class PollPlan<T> implements Plan<T> {
  readonly first: First;
  readonly onInterrupt = OnInterrupt.Error;
  readonly #interval: number;
  readonly #sliding: boolean;
  readonly #condition: Condition | undefined;

  constructor({ interval, immediate, sliding }: PollTiming, condition?: Condition) {
    this.first = immediate ? First.Forced : First.Delayed;
    this.#interval = interval;
    this.#sliding = sliding;
    this.#condition = condition;
  }

  run(loop: WaitLoop<T>, attempt: number): void {
    runCondition(this.#condition!, loop as WaitLoop<unknown> as WaitLoop<void>, attempt);
  }

  firstAt(): number {
    return this.#interval;
  }

  next(now: number, startedAt: number): number {
    return this.#sliding ? now + this.#interval : tickAfter(this.#interval, startedAt);
  }
}

/** Whether a poll is immediate: the option, with this default; or always (`pollImmediate`). */
export type PollImmediate = { byDefault: boolean } | 'always';

/** Validates the poll options of function `fn`: its settings and its timing. */
export function pollOptions(
  options: PollOptionsShape,
  fn: string,
  immediate: PollImmediate,
): { settings: WaitSettings; timing: PollTiming } {
  checkOptions(options, fn);
  const interval = checkDuration('interval', options.interval);
  const isImmediate =
    immediate === 'always' || checkBoolean('immediate', withDefault(options.immediate, immediate.byDefault));
  const sliding = checkBoolean('sliding', withDefault(options.sliding, false));
  return { settings: waitSettings(options), timing: { interval, immediate: isImmediate, sliding } };
}

/** `pollUntil` and `pollImmediate`: validates at call time, one loop per subscription. */
export function createPoll(
  condition: Condition,
  options: PollOptionsShape,
  fn: string,
  immediate: PollImmediate,
): Observable<void> {
  checkFunction('condition', condition);
  const { settings, timing } = pollOptions(options, fn, immediate);
  const plan = new PollPlan<void>(timing, condition);
  return waitObservable(settings, () => plan);
}
