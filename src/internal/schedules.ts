import type { Schedule } from './waitLoop.js';

/**
 * The attempt schedules the operators run on. All times are absolute scheduler times.
 */

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
