import type { BackoffState } from '../backoff/backoff.js';
import { advance } from '../backoff/backoff.js';
import { applyJitter } from '../backoff/backoff.js';
import type { Schedule } from './waitLoop.js';

/**
 * The attempt schedules the operators run on. All times are absolute scheduler times.
 */

/** The first tick of `start + k * interval` (k >= 1) strictly after `after`. */
function tickAfter(start: number, interval: number, after: number): number {
  if (interval === 0) return after;
  let tick = start + (Math.floor((after - start) / interval) + 1) * interval;
  if (tick <= after) tick += interval;
  return tick;
}

/**
 * Go's poll loop. Fixed rate: ticks at `start + k * interval`; ticks that pass while an
 * attempt runs collapse into one, due at once when the attempt settles. Sliding: the
 * interval restarts when an attempt settles.
 */
export function pollSchedule(interval: number, sliding: boolean): Schedule {
  return {
    first: (start) => start + interval,
    next: sliding
      ? (_attempt, _startedAt, now) => now + interval
      : (_attempt, startedAt, _now, start) => tickAfter(start, interval, startedAt),
  };
}

/**
 * Go's `JitterUntil`: the next run one (freshly jittered) `period` after the previous
 * one ended (sliding) or began (non-sliding; at once if that time has passed).
 */
export function periodSchedule(period: number, jitterFactor: number, sliding: boolean, random: () => number): Schedule {
  const delay = jitterFactor > 0 ? () => applyJitter(period, jitterFactor, random) : () => period;
  return {
    first: (start) => start,
    next: sliding ? (_attempt, _startedAt, now) => now + delay() : (_attempt, startedAt) => startedAt + delay(),
  };
}

/** A copy of a backoff state, field by field (an object spread is slow on this path). */
function copyState(state: BackoffState): BackoffState {
  const { duration, factor, jitter, steps, cap, jitterMode, base } = state;
  return { duration, factor, jitter, steps, cap, jitterMode, base };
}

/**
 * Go's `ExponentialBackoff`: at most `steps` attempts, each failed one but the last
 * followed by the next `Backoff.Step()` delay. Stateful: one per subscription.
 */
export class BackoffSchedule implements Schedule {
  /** Attempts since the start (or the last reset). */
  count = 0;
  /** A delay to use once instead of the backoff's own (`retryAfter`); still capped. */
  override: number | undefined = undefined;
  private state: BackoffState;

  constructor(
    private readonly initial: BackoffState,
    private readonly steps: number,
    private readonly random: () => number,
  ) {
    this.state = copyState(initial);
  }

  first(start: number): number {
    return start;
  }

  next(_attempt: number, _startedAt: number, now: number): number | undefined {
    const override = this.override;
    this.override = undefined;
    this.count += 1;
    if (this.count >= this.steps) return undefined;
    const delay = advance(this.state, this.random);
    if (override === undefined) return now + delay;
    const cap = this.initial.cap;
    return now + (cap > 0 && override > cap ? cap : override);
  }

  /** Back to the first delay and a fresh attempt count (the running attempt not counted yet). */
  reset(): void {
    this.count = 0;
    this.state = copyState(this.initial);
  }
}
