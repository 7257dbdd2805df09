import type { SchedulerAction, SchedulerLike } from 'rxjs';
import { Subscription } from 'rxjs';

/**
 * What a real clock does that virtual time does not. Every field is optional; none of
 * them set is a perfect clock.
 */
export interface Perturbation {
  /** Each action fires late by a whole number of ms in [0, maxLate] (a GC pause, a busy event loop). */
  maxLate?: number;
  /**
   * The chance that, while an action runs, `now()` reads 1 ms less than the time it fired
   * at (Node's timers and `Date.now()` round differently, so a 50 ms timer can see 49 ms).
   */
  early?: number;
  /** `now()` stands still at 0 while actions run (fake timers that leave `Date` alone). */
  frozen?: boolean;
  /** Seeds the lateness and earliness draws, so a failure replays. */
  seed?: number;
}

/** mulberry32: a small seeded generator of numbers in [0, 1). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Entry {
  due: number;
  seq: number;
  action: PerturbedAction<unknown>;
  generation: number;
}

class PerturbedAction<T> extends Subscription implements SchedulerAction<T> {
  generation = 0;
  constructor(
    private readonly owner: PerturbedScheduler,
    readonly work: (this: SchedulerAction<T>, state?: T) => void,
    public state: T | undefined,
  ) {
    super();
  }

  schedule(state?: T, delay = 0): Subscription {
    if (this.closed) return this;
    this.state = state;
    this.generation += 1;
    this.owner.enqueue(this as PerturbedAction<unknown>, delay, this.generation);
    return this;
  }

  override unsubscribe(): void {
    this.generation += 1; // drops any queued entry
    super.unsubscribe();
  }
}

/**
 * A discrete-event scheduler with a true time (when things really happen) apart from the
 * clock its `now()` shows, for running the operators as real timers would. Actions fire
 * in (due time, insertion) order, as RxJS's schedulers do. `at()` schedules the test's
 * own events (an abort, an unsubscribe) on time and unperturbed.
 */
export class PerturbedScheduler implements SchedulerLike {
  /** When things really happen. */
  trueTime = 0;
  /** The largest lateness any action has had so far. */
  maxLateSeen = 0;
  /** Added to what `now()` reads: a wall clock set back (NTP, a VM resumed) or forward. */
  offset = 0;
  #queue: Entry[] = [];
  #seq = 0;
  #lag = 0;
  readonly #random: () => number;
  readonly #perturbation: Perturbation;

  constructor(perturbation: Perturbation = {}) {
    this.#perturbation = perturbation;
    this.#random = seeded(perturbation.seed ?? 1);
  }

  now(): number {
    return (this.#perturbation.frozen ? 0 : this.trueTime - this.#lag) + this.offset;
  }

  /**
   * Synchronous work that takes `ms`: true time moves on, and whatever fell due meanwhile
   * fires late, when the work is done (a busy event loop, a slow synchronous attempt).
   */
  spend(ms: number): void {
    this.trueTime += ms;
  }

  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription {
    return new PerturbedAction<T>(this, work, state).schedule(state, delay);
  }

  /** Runs `work` at true time `time`, exactly (a test's own event). */
  at(time: number, work: () => void): void {
    const action = new PerturbedAction<unknown>(this, work, undefined);
    this.#push({ due: time, seq: this.#seq++, action, generation: 0 });
  }

  /** @internal */
  enqueue(action: PerturbedAction<unknown>, delay: number, generation: number): void {
    const maxLate = this.#perturbation.maxLate ?? 0;
    const late = maxLate > 0 ? Math.floor(this.#random() * (maxLate + 1)) : 0;
    this.maxLateSeen = Math.max(this.maxLateSeen, late);
    this.#push({ due: this.trueTime + Math.max(0, delay) + late, seq: this.#seq++, action, generation });
  }

  #push(entry: Entry): void {
    const queue = this.#queue;
    let i = queue.length;
    while (i > 0 && (queue[i - 1].due > entry.due || (queue[i - 1].due === entry.due && queue[i - 1].seq > entry.seq)))
      i--;
    queue.splice(i, 0, entry);
  }

  /** Runs every action in order; throws after `limit` actions (a runaway loop). */
  flush(limit = 100_000): void {
    let ran = 0;
    for (let entry = this.#queue.shift(); entry !== undefined; entry = this.#queue.shift()) {
      const { action, generation } = entry;
      if (action.closed || generation !== action.generation) continue;
      if (++ran > limit) throw new Error(`PerturbedScheduler: more than ${limit} actions, a runaway loop?`);
      this.trueTime = Math.max(this.trueTime, entry.due);
      const early = this.#perturbation.early ?? 0;
      this.#lag = early > 0 && this.#random() < early ? 1 : 0;
      try {
        action.work.call(action, action.state);
      } finally {
        this.#lag = 0;
      }
    }
  }

  /** Actions still queued (neither run nor unsubscribed). */
  get pending(): number {
    return this.#queue.filter((e) => !e.action.closed && e.generation === e.action.generation).length;
  }
}
