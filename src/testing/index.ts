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
 * Promise settles in a microtask, outside virtual time: for Promise conditions, write the
 * same diagrams inside {@link runSettled}.
 */
import type { Observable, VirtualTimeScheduler } from 'rxjs';
import { VirtualTimeScheduler as VirtualTimeSchedulerClass } from 'rxjs';
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

/** The helpers {@link runSettled} hands its callback: those of `TestScheduler.run`, less `animate`. */
export interface SettledHelpers {
  /** A cold Observable from a marble diagram (`TestScheduler.createColdObservable`). */
  cold: TestSchedulerLike['createColdObservable'];
  /** A hot Observable from a marble diagram (`TestScheduler.createHotObservable`). */
  hot: TestSchedulerLike['createHotObservable'];
  /** The frames a diagram spans up to its `|`, one per character (`TestScheduler.createTime`). */
  time: TestSchedulerLike['createTime'];
  /** What an Observable should do, checked once time has run out (`TestScheduler.expectObservable`). */
  expectObservable: TestSchedulerLike['expectObservable'];
  /** When a cold or hot source should be subscribed (`TestScheduler.expectSubscriptions`). */
  expectSubscriptions: TestSchedulerLike['expectSubscriptions'];
}

/**
 * The part of RxJS's `TestScheduler` that {@link runSettled} uses, by shape, so that it
 * holds across two installed copies of rxjs.
 */
export interface TestSchedulerLike extends VirtualTimeScheduler {
  /** A cold Observable from a marble diagram. */
  createColdObservable<T = string>(marbles: string, values?: { [marble: string]: T }, error?: unknown): Observable<T>;
  /** A hot Observable from a marble diagram. */
  createHotObservable<T = string>(marbles: string, values?: { [marble: string]: T }, error?: unknown): Observable<T>;
  /** The frames a diagram spans up to its `|`. */
  createTime(marbles: string): number;
  /** Records what `observable` does, to be compared at `flush()`. */
  expectObservable<T>(
    observable: Observable<T>,
    subscriptionMarbles?: string | null,
  ): {
    /** The diagram it should match. */
    toBe(marbles: string, values?: unknown, errorValue?: unknown): void;
    /** Another Observable it should match. */
    toEqual(other: Observable<T>): void;
  };
  /** Records a source's subscriptions, to be compared at `flush()`. */
  expectSubscriptions(subscriptionLogs: unknown[]): {
    /** The subscription diagrams they should match. */
    toBe(marbles: string | string[]): void;
  };
  /** Runs every action, then checks the expectations. */
  flush(): void;
}

/**
 * `TestScheduler.run` for waits whose conditions or sources are **Promises**: the same
 * helpers (`cold`, `hot`, `time`, `expectObservable`, `expectSubscriptions`) and the same
 * run-mode marbles (`10ms`, one frame per character), but the callback may be `async`,
 * and virtual time then advances one instant at a time, letting promises settle in
 * between, before the expectations are checked. A wrong frame fails with the
 * `TestScheduler`'s own diff.
 *
 * Give the waits the test scheduler (`scheduler: testScheduler`, `timer(10, testScheduler)`):
 * unlike `run`, this leaves RxJS's default schedulers alone, since a promise settles
 * outside any synchronous callback. It works for any RxJS wait given that scheduler, not
 * only this package's; and, as in {@link flushSettled}, promises settle between instants,
 * and only those that settle without real time passing.
 *
 * ```text
 * pollUntil(async () => false, { interval: 10, timeout: 35, scheduler })
 * TestScheduler.run:  the first promise never settles in virtual time
 * runSettled:         calls at 10, 20, 30; then   '35ms #'
 * ```
 *
 * ## Example
 * ```ts
 * import { TestScheduler } from 'rxjs/testing';
 * import { InterruptedError, pollUntil } from 'rxjs-wait';
 * import { runSettled } from 'rxjs-wait/testing';
 *
 * const testScheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
 * await runSettled(testScheduler, async ({ expectObservable }) => {
 *   const fetchStatus = async () => 503;
 *   const wait = pollUntil(async () => (await fetchStatus()) === 200, { interval: 10, timeout: 35, scheduler: testScheduler });
 *   expectObservable(wait).toBe('35ms #', undefined, expect.any(InterruptedError));
 * });
 * ```
 *
 * @param testScheduler a fresh `TestScheduler` (from `rxjs/testing`), not inside `run`.
 * @param callback sets up the diagrams; may be `async`.
 * @param options `limit`: the most instants to run (a wait that never ends). @default 100000
 * @returns a promise of what `callback` returned, once time has run out of actions and
 *   every expectation passed; it rejects with the first that did not.
 */
export async function runSettled<R>(
  testScheduler: TestSchedulerLike,
  callback: (helpers: SettledHelpers) => R | PromiseLike<R>,
  options: FlushSettledOptions = {},
): Promise<R> {
  const like = testScheduler as Partial<TestSchedulerLike> | null;
  if (
    typeof like !== 'object' ||
    like === null ||
    typeof like.expectObservable !== 'function' ||
    typeof like.createColdObservable !== 'function' ||
    !Array.isArray(like.actions)
  ) {
    reject(TypeError, 'testScheduler', 'a TestScheduler', testScheduler);
  }
  if (typeof callback !== 'function') reject(TypeError, 'callback', 'a function', callback);
  const limit = checkNumber('limit', options.limit ?? 100_000, (n) => Number.isInteger(n) && n >= 1, 'an integer >= 1');
  // run mode's marbles (time progression, one frame per character), as `run` sets them up
  // `runMode` is 'settled' rather than `true`: as truthy for the marble parser, and it tells
  // the wait loop that promises do settle here (inside `run` it refuses them at once)
  const ts = testScheduler as unknown as {
    runMode: boolean | 'settled';
    maxFrames: number;
    hotObservables: { setup(): void }[];
  };
  const Class = testScheduler.constructor as unknown as { frameTimeFactor: number };
  if (ts.runMode) throw new Error('runSettled: the TestScheduler is already running (inside run() or runSettled())');
  const previous = { frameTimeFactor: Class.frameTimeFactor, maxFrames: ts.maxFrames };
  Class.frameTimeFactor = 1;
  ts.maxFrames = Infinity;
  ts.runMode = 'settled';
  try {
    const result = await callback({
      cold: testScheduler.createColdObservable.bind(testScheduler),
      hot: testScheduler.createHotObservable.bind(testScheduler),
      time: testScheduler.createTime.bind(testScheduler),
      expectObservable: testScheduler.expectObservable.bind(testScheduler),
      expectSubscriptions: testScheduler.expectSubscriptions.bind(testScheduler),
    });
    while (ts.hotObservables.length > 0) ts.hotObservables.shift()!.setup();
    // the frames, one instant at a time, promises settling in between (no expectation checked)
    const flushFrames = VirtualTimeSchedulerClass.prototype.flush;
    await settle();
    for (let instants = 0; testScheduler.actions.length > 0; instants++) {
      if (instants === limit) {
        throw new Error(`runSettled: ${limit} instants ran and actions are left (a wait that never ends?)`);
      }
      ts.maxFrames = testScheduler.actions[0]!.delay;
      flushFrames.call(testScheduler);
      await settle();
    }
    ts.maxFrames = Infinity;
    testScheduler.flush(); // nothing left to run: checks the expectations
    return result;
  } finally {
    Class.frameTimeFactor = previous.frameTimeFactor;
    ts.maxFrames = previous.maxFrames;
    ts.runMode = false;
  }
}
