import { Observable } from 'rxjs';
import type { Condition, WaitOptions } from '../types.js';
import { conditionRunner } from './condition.js';
import { waitSettings } from './options.js';
import { checkBoolean, checkDuration, checkFunction, checkOptions, withDefault } from './validate.js';
import type { Plan, WaitSettings } from './waitLoop.js';
import { First, OnInterrupt, WaitLoop } from './waitLoop.js';

/** The poll options shared by `pollUntil`, `pollImmediate` and `repeatUntil`. */
export interface PollOptionsShape extends WaitOptions {
  interval: number;
  timeout?: number;
  immediate?: boolean;
  sliding?: boolean;
}

/** The first tick of `start + k * interval` (k >= 1) strictly after `after`. */
function tickAfter(start: number, interval: number, after: number): number {
  if (interval === 0) return after;
  let tick = start + (Math.floor((after - start) / interval) + 1) * interval;
  // Floating point: with fractional times the quotient can round up to a whole number,
  // so the tick computed from it lands on (or a hair below) `after`, the tick the attempt
  // began on; the next tick must be strictly after it.
  if (tick <= after) tick += interval;
  return tick;
}

/**
 * Go's poll loop as a plan. Immediate: the first call at subscription, forced even when
 * already interrupted (Go's `immediate`); else one interval in. Fixed rate: ticks at
 * `start + k * interval`; ticks that pass while an attempt runs collapse into one, due at
 * once when the attempt settles. Sliding: the interval restarts when an attempt settles.
 * It never runs out; an interruption errors. No state: one plan serves every subscription.
 */
function pollPlan(interval: number, immediate: boolean, sliding: boolean): Plan {
  return {
    first: immediate ? First.Forced : First.Delayed,
    firstAt: (start) => start + interval,
    next: sliding ? (now) => now + interval : (_now, startedAt, start) => tickAfter(start, interval, startedAt),
    onInterrupt: OnInterrupt.Error,
  };
}

/** Whether a poll is immediate: the option, with this default; or always (`pollImmediate`). */
export type PollImmediate = { byDefault: boolean } | 'always';

/** Validates the poll options of function `fn`: its settings and its plan. */
export function pollOptions(
  options: PollOptionsShape,
  fn: string,
  immediate: PollImmediate,
): { settings: WaitSettings; plan: Plan } {
  checkOptions(options, fn);
  const interval = checkDuration('interval', options.interval);
  const isImmediate =
    immediate === 'always' || checkBoolean('immediate', withDefault(options.immediate, immediate.byDefault));
  const sliding = checkBoolean('sliding', withDefault(options.sliding, false));
  return { settings: waitSettings(options), plan: pollPlan(interval, isImmediate, sliding) };
}

/** `pollUntil` and `pollImmediate`: validates at call time, one loop per subscription. */
export function createPoll(
  condition: Condition,
  options: PollOptionsShape,
  fn: string,
  immediate: PollImmediate,
): Observable<void> {
  checkFunction('condition', condition);
  const { settings, plan } = pollOptions(options, fn, immediate);
  const run = conditionRunner(condition);
  return new Observable<void>((subscriber) => new WaitLoop(subscriber, settings, plan, run).begin());
}
