/**
 * Marble diagrams for waits on Promise conditions and sources, as a user writes them with
 * `runSettled`. Each diagram is also checked against the same wait on `asyncScheduler`
 * under jest's fake timers (RxJS's real AsyncActions), which must reach the same instants.
 */
import type { Observable, SchedulerLike } from 'rxjs';
import { asyncScheduler, defer, exhaustMap, firstValueFrom, from, map, timer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { backoffRetry, exponentialBackoff, InterruptedError, isInterrupted, pollUntil, until } from '../src';
import { runSettled } from '../src/testing';

const newTestScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

/** A Promise that resolves to `value` after `ms` of the scheduler's time. */
const after = <T>(ms: number, value: T, scheduler: SchedulerLike): Promise<T> =>
  firstValueFrom(timer(ms, scheduler).pipe(map(() => value)));

interface Case {
  name: string;
  build(scheduler: SchedulerLike, abortAt: (ms: number) => AbortSignal): Observable<unknown>;
  marbles: string;
  values?: Record<string, unknown>;
  error?: unknown;
  /**
   * How much later real timers may end: Node runs a zero delay after 1 ms, and the loop
   * yields once (a zero delay) when its deadline finds an attempt in flight.
   */
  realTimerLag?: number;
}

const failure = new Error('the service said no');

const cases: Case[] = [
  {
    name: 'pollUntil: ready on the third answer',
    build: (scheduler) => {
      let n = 0;
      return pollUntil(async () => ++n === 3, { interval: 10, timeout: 100, scheduler });
    },
    marbles: '30ms (u|)',
    values: { u: undefined },
  },
  {
    name: 'pollUntil: the deadline with a call in flight (each answer takes 15 ms)',
    build: (scheduler) => pollUntil(() => after(15, false, scheduler), { interval: 10, timeout: 35, scheduler }),
    marbles: '35ms #',
    error: new InterruptedError(new DOMException('The wait timed out after 35 ms', 'TimeoutError'), 2),
    realTimerLag: 1,
  },
  {
    name: 'pollUntil: an abort while a call is in flight',
    build: (scheduler, abortAt) =>
      pollUntil(() => after(15, false, scheduler), { interval: 10, signal: abortAt(18), scheduler }),
    marbles: '18ms #',
    error: new InterruptedError(new DOMException('aborted at 18', 'AbortError'), 1),
  },
  {
    name: 'pollUntil: a condition that rejects ends the wait with its error',
    build: (scheduler) => {
      let n = 0;
      return pollUntil(async () => (++n === 2 ? Promise.reject(failure) : false), { interval: 10, scheduler });
    },
    marbles: '20ms #',
    error: failure,
  },
  {
    name: 'exponentialBackoff: delays 10, 20, 40 and a Promise condition',
    build: (scheduler) => {
      let n = 0;
      return exponentialBackoff(async () => ++n === 4, { duration: 10, factor: 2, steps: 5, scheduler });
    },
    marbles: '70ms (u|)',
    values: { u: undefined },
  },
  {
    name: 'backoffRetry over a Promise source that fails twice',
    build: (scheduler) => {
      let n = 0;
      const source = defer(() => from(++n < 3 ? Promise.reject(failure) : Promise.resolve('ok')));
      return source.pipe(backoffRetry({ duration: 10, factor: 2, steps: 5, scheduler }));
    },
    marbles: '30ms (o|)',
    values: { o: 'ok' },
  },
  {
    name: 'until with an async job, completing at its timeout',
    build: (scheduler) => {
      let n = 0;
      return until(() => after(5, ++n, scheduler), { period: 10, timeout: 40, scheduler });
    },
    marbles: '5ms a 14ms b 14ms c 4ms |',
    values: { a: 1, b: 2, c: 3 },
  },
  {
    name: 'a plain RxJS wait: timer + exhaustMap over a Promise',
    build: (scheduler) => {
      let n = 0;
      return timer(10, 10, scheduler).pipe(
        exhaustMap(() => from(after(3, ++n, scheduler))),
        map((x) => x * 10),
      );
    },
    marbles: '13ms a 9ms b 9ms c 9ms d 9ms e 9ms f 9ms g 9ms h 9ms i',
    values: { a: 10, b: 20, c: 30, d: 40, e: 50, f: 60, g: 70, h: 80, i: 90 },
  },
];

/** What the TestScheduler would record, from `marbles`: frame and kind of each notification. */
function expectedEvents(c: Case): [number, string][] {
  const factor = TestScheduler.frameTimeFactor;
  TestScheduler.frameTimeFactor = 1; // run mode's frames, as runSettled sets them
  try {
    const messages = TestScheduler.parseMarbles(c.marbles, c.values, c.error, true, true);
    return messages.map(({ frame, notification }) => [frame, notification.kind]);
  } finally {
    TestScheduler.frameTimeFactor = factor;
  }
}

const HORIZON = 100;
const ends = (marbles: string) => /[|#]/.test(marbles);

describe('runSettled', () => {
  describe.each(cases)('$name', (c) => {
    it('should pass as a diagram', async () => {
      const testScheduler = newTestScheduler();
      await runSettled(testScheduler, ({ expectObservable }) => {
        const abortAt = (ms: number) => {
          const controller = new AbortController();
          testScheduler.schedule(() => controller.abort(new DOMException(`aborted at ${ms}`, 'AbortError')), ms);
          return controller.signal;
        };
        const subscription = ends(c.marbles) ? undefined : `^ ${HORIZON - 1}ms !`;
        expectObservable(c.build(testScheduler, abortAt), subscription).toBe(c.marbles, c.values, c.error);
      });
    });

    it('should reach the same instants on asyncScheduler under fake timers', async () => {
      jest.useFakeTimers();
      try {
        const start = Date.now();
        const events: [number, string][] = [];
        const abortAt = (ms: number) => {
          const controller = new AbortController();
          setTimeout(() => controller.abort(new DOMException(`aborted at ${ms}`, 'AbortError')), ms);
          return controller.signal;
        };
        const subscription = c.build(asyncScheduler, abortAt).subscribe({
          next: () => events.push([Date.now() - start, 'N']),
          error: () => events.push([Date.now() - start, 'E']),
          complete: () => events.push([Date.now() - start, 'C']),
        });
        for (let ms = 0; ms < HORIZON; ms++) await jest.advanceTimersByTimeAsync(1);
        subscription.unsubscribe();
        const expected = expectedEvents(c).filter(([frame]) => frame < HORIZON);
        expect(events.map(([, kind]) => kind)).toEqual(expected.map(([, kind]) => kind));
        events.forEach(([at], i) => {
          expect(at).toBeGreaterThanOrEqual(expected[i]![0]);
          expect(at).toBeLessThanOrEqual(expected[i]![0] + (c.realTimerLag ?? 0));
        });
      } finally {
        jest.useRealTimers();
      }
    });
  });

  it('should fail with the TestScheduler diff when a frame is wrong', async () => {
    const testScheduler = newTestScheduler();
    const run = runSettled(testScheduler, ({ expectObservable }) => {
      const wait = pollUntil(async () => false, { interval: 10, timeout: 35, scheduler: testScheduler });
      expectObservable(wait).toBe('34ms #', undefined, expect.any(InterruptedError));
    });
    await expect(run).rejects.toThrow(/"frame": 34[\s\S]*"frame": 35/);
  });

  it('should take cold and hot sources, expectSubscriptions and time()', async () => {
    const testScheduler = newTestScheduler();
    await runSettled(testScheduler, async ({ cold, hot, time, expectObservable, expectSubscriptions }) => {
      const source = cold('5ms #', undefined, failure);
      const gap = time('----------|'); // 10: time() counts characters, as in run()
      const retried = source.pipe(backoffRetry({ duration: gap, steps: 3, scheduler: testScheduler }));
      expectObservable(retried).toBe('35ms #', undefined, failure);
      expectSubscriptions((source as unknown as { subscriptions: unknown[] }).subscriptions).toBe([
        '^ 4ms !',
        '15ms ^ 4ms !',
        '30ms ^ 4ms !',
      ]);
      const ready = hot('---a', { a: true });
      expectObservable(ready).toBe('---a', { a: true });
      // an async callback may await before it sets things up
      await Promise.resolve();
    });
  });

  it('should return what the callback returned, and leave the TestScheduler as it found it', async () => {
    const testScheduler = newTestScheduler();
    expect(await runSettled(testScheduler, async () => 42)).toBe(42);
    expect(TestScheduler.frameTimeFactor).toBe(10);
    testScheduler.run(({ expectObservable, cold }) => expectObservable(cold('a|')).toBe('a|'));
  });

  it('should refuse what is not a TestScheduler, and a scheduler already running', async () => {
    await expect(runSettled({} as never, () => undefined)).rejects.toThrow(
      new TypeError('Expected `testScheduler` to be a TestScheduler, got an object'),
    );
    await expect(runSettled(newTestScheduler(), 'x' as never)).rejects.toThrow(
      new TypeError('Expected `callback` to be a function, got "x"'),
    );
    const testScheduler = newTestScheduler();
    await testScheduler.run(async () => {
      await expect(runSettled(testScheduler, () => undefined)).rejects.toThrow(/already running/);
    });
  });

  it('should stop a wait that never ends after `limit` instants', async () => {
    const testScheduler = newTestScheduler();
    const run = runSettled(
      testScheduler,
      ({ expectObservable }) => {
        expectObservable(pollUntil(async () => false, { interval: 10, scheduler: testScheduler })).toBe('-');
      },
      { limit: 20 },
    );
    await expect(run).rejects.toThrow('runSettled: 20 instants ran and actions are left (a wait that never ends?)');
  });
});

describe('a Promise condition inside TestScheduler.run', () => {
  const message = 'Promises cannot settle in TestScheduler.run: use runSettled (rxjs-wait/testing)';

  it('should fail at once, naming runSettled, with the default scheduler (not report a deadline)', () => {
    newTestScheduler().run(({ expectObservable }) => {
      const wait = pollUntil(async () => true, { interval: 10, timeout: 35 });
      expectObservable(wait).toBe('10ms #', undefined, new TypeError(message));
    });
  });

  it('should fail at once with the test scheduler passed in, too', () => {
    const testScheduler = newTestScheduler();
    let error: unknown;
    testScheduler.run(() => {
      pollUntil(async () => true, { interval: 10, scheduler: testScheduler, immediate: true }).subscribe({
        error: (e: unknown) => (error = e),
      });
    });
    expect(error).toEqual(new TypeError(message));
    expect(isInterrupted(error)).toBe(false);
  });

  it('should still take Promise conditions on a TestScheduler outside run (flushSettled-style use)', async () => {
    const testScheduler = newTestScheduler();
    let completed = false;
    pollUntil(async () => true, { interval: 10, scheduler: testScheduler }).subscribe({
      complete: () => (completed = true),
    });
    testScheduler.flush();
    await new Promise((done) => setTimeout(done, 0));
    expect(completed).toBe(true);
  });
});
