/**
 * Helpers for testing code that uses rxjs-wait: `import { sequenceRandom } from 'rxjs-wait/testing'`.
 *
 * ## Recipe: a poll in virtual time
 * Every operator takes its time from an RxJS scheduler, and `TestScheduler.run` makes
 * the default `asyncScheduler` virtual, so a wait that would take minutes runs at once:
 *
 * ```ts
 * import { TestScheduler } from 'rxjs/testing';
 * import { backoffRetry } from 'rxjs-wait';
 * import { sequenceRandom } from 'rxjs-wait/testing';
 *
 * const testScheduler = new TestScheduler((a, e) => expect(a).toEqual(e));
 * testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
 *   const source = cold('#');
 *   // jitter 0.5 with random 0.2, then 0.6: delays 10 * 1.1 = 11, 20 * 1.3 = 26
 *   const random = sequenceRandom([0.2, 0.6]);
 *   expectObservable(source.pipe(backoffRetry({ duration: 10, factor: 2, jitter: 0.5, steps: 3, random }))).toBe('37ms #');
 *   expectSubscriptions(source.subscriptions).toBe(['(^!)', '11ms (^!)', '37ms (^!)']);
 * });
 * ```
 *
 * Conditions that take time are Observables (`timer(25).pipe(map(() => false))`); a
 * Promise settles in a microtask, outside virtual time.
 */
import type { VirtualTimeScheduler } from 'rxjs';
import { checkNumber, reject } from '../internal/validate.js';

/**
 * A `random` for the operators' `random` option that returns `values` in turn, then
 * repeats the last one forever, so jittered delays are exact in tests.
 *
 * ```text
 * sequenceRandom([0.1, 0.9]) -> 0.1, 0.9, 0.9, 0.9, ...
 * ```
 *
 * ## Example
 * ```ts
 * import { stepBackoff } from 'rxjs-wait';
 * import { sequenceRandom } from 'rxjs-wait/testing';
 *
 * const random = sequenceRandom([0, 0.5]);
 * console.log(stepBackoff({ duration: 100, jitter: 1 }, random).delay, stepBackoff({ duration: 100, jitter: 1 }, random).delay);
 * // Output:
 * // 100 150
 * ```
 *
 * @param values numbers in [0, 1), at least one.
 * @returns a function returning them in turn.
 */
export function sequenceRandom(values: readonly number[]): () => number {
  if (!Array.isArray(values) || values.length === 0) {
    reject(TypeError, 'values', 'a non-empty array of numbers in [0, 1)', values);
  }
  values.forEach((value, index) =>
    checkNumber(`values[${index}]`, value, (n) => n >= 0 && n < 1, 'a number in [0, 1)'),
  );
  const copy = [...values];
  let index = 0;
  return () => {
    const value = copy[Math.min(index, copy.length - 1)];
    index += 1;
    return value;
  };
}

// Captured at load, so that fake timers installed later (jest, vitest, sinon) do not
// stop the helper from letting real promise callbacks run.
const realSetTimeout: typeof setTimeout = globalThis.setTimeout;
const settle = (): Promise<void> => new Promise((resolve) => realSetTimeout(resolve, 0));

/** What {@link flushSettled} may be told. */
export interface FlushSettledOptions {
  /** The most instants to run before giving up with an error (a wait that never ends). @default 100000 */
  limit?: number | undefined;
}

/**
 * Runs a `VirtualTimeScheduler` to its end **one instant at a time, letting promises
 * settle in between**, so that waits on Promise conditions (a mocked `fetch`, an
 * `async` check) run in virtual time with exact instants, `timeout` included. A plain
 * `flush()` runs every instant at once, before any promise has settled: the first
 * attempt is still pending when the deadline comes.
 *
 * Promises settle between instants, not between two actions of one instant (RxJS runs
 * those back to back), and only those that settle without real time passing: a promise
 * waiting on a real timer or real I/O does not settle here.
 *
 * ```text
 * pollUntil(async () => ready(), { interval: 10, timeout: 100, scheduler })
 * flush():                 deadline at 100 ms, the first promise never seen
 * await flushSettled(...): attempts at 10, 20, ... as they would run for real
 * ```
 *
 * ## Example
 * ```ts
 * import { VirtualTimeScheduler } from 'rxjs';
 * import { pollUntil } from 'rxjs-wait';
 * import { flushSettled } from 'rxjs-wait/testing';
 *
 * const scheduler = new VirtualTimeScheduler();
 * const calls: number[] = [];
 * let endedAt = -1;
 * pollUntil(async () => (calls.push(scheduler.now()), calls.length === 3), {
 *   interval: 10,
 *   timeout: 100,
 *   scheduler,
 * }).subscribe({ complete: () => (endedAt = scheduler.now()) });
 * await flushSettled(scheduler);
 * console.log(calls, endedAt);
 * // Output:
 * // [ 10, 20, 30 ] 30
 * ```
 *
 * @param scheduler the `VirtualTimeScheduler` the waits under test were given (not a
 *   `TestScheduler`: its `flush` also checks its expectations; use `TestScheduler.run`
 *   for Observable conditions).
 * @param options `limit`: the most instants to run.
 * @returns a promise that resolves once no action is left (or rejects with the error an
 *   action threw, or when `limit` instants did not empty the scheduler).
 */
export async function flushSettled(scheduler: VirtualTimeScheduler, options: FlushSettledOptions = {}): Promise<void> {
  // by shape, so that it holds across two installed copies of rxjs
  const like = scheduler as Partial<VirtualTimeScheduler> | null;
  if (typeof like !== 'object' || like === null || !Array.isArray(like.actions) || typeof like.flush !== 'function') {
    reject(TypeError, 'scheduler', 'a VirtualTimeScheduler', scheduler);
  }
  const limit = checkNumber('limit', options.limit ?? 100_000, (n) => Number.isInteger(n) && n >= 1, 'an integer >= 1');
  const maxFrames = scheduler.maxFrames;
  try {
    await settle();
    for (let instants = 0; scheduler.actions.length > 0; instants++) {
      if (instants === limit) {
        throw new Error(`flushSettled: ${limit} instants ran and actions are left (a wait that never ends?)`);
      }
      const next = scheduler.actions[0].delay;
      if (next > maxFrames) break;
      scheduler.maxFrames = next;
      scheduler.flush();
      await settle();
    }
  } finally {
    scheduler.maxFrames = maxFrames;
  }
}
