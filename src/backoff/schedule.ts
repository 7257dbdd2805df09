import type { Schedule } from '../internal/waitLoop.js';
import type { BackoffState } from './backoff.js';
import { advance, copyBackoffState } from './backoff.js';

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
    this.state = copyBackoffState(initial);
  }

  /** Not immediate: the first attempt comes one `Step()` delay after the start (Go's `DelayFunc.Until`). */
  first(start: number): number {
    return start + advance(this.state, this.random);
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
    this.state = copyBackoffState(this.initial);
  }
}
