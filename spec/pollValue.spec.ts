import { EMPTY, firstValueFrom, NEVER } from 'rxjs';
import type { AttemptInfo, InterruptedError } from '../src';
import { isDeadlineExceeded, isInterrupted, pollValue } from '../src';
import { createTestScheduler, interruptedWith } from './helpers';

interface Job {
  id: number;
  state: 'running' | 'done';
}

const running = (id: number): Job => ({ id, state: 'running' });
const done = (id: number): Job => ({ id, state: 'done' });
const isFinished = (job: Job) => job.state !== 'running';

/** A job that finishes on call `finishOn` (1-based); Infinity: never. */
function jobSource(finishOn = Infinity) {
  let calls = 0;
  const fn = () => (++calls >= finishOn ? done(calls) : running(calls));
  return { fn, calls: () => calls };
}

describe('pollValue', () => {
  describe('on an interval', () => {
    it('should emit the value that satisfied isDone and complete (immediate by default)', () => {
      createTestScheduler().run(({ expectObservable }) => {
        const { fn } = jobSource(3);
        expectObservable(pollValue(fn, isFinished, { interval: 10 })).toBe('20ms (j|)', { j: done(3) });
      });
    });

    it("should emit every attempt's value with emit: 'all', the last being the match", () => {
      createTestScheduler().run(({ expectObservable }) => {
        const { fn } = jobSource(3);
        expectObservable(pollValue(fn, isFinished, { interval: 10, emit: 'all' })).toBe('a 9ms b 9ms (c|)', {
          a: running(1),
          b: running(2),
          c: done(3),
        });
      });
    });

    it('should wait one interval first with immediate: false', () => {
      createTestScheduler().run(({ expectObservable }) => {
        const { fn } = jobSource(3);
        expectObservable(pollValue(fn, isFinished, { interval: 10, immediate: false })).toBe('30ms (j|)', {
          j: done(3),
        });
      });
    });

    it('should take values from Observables and restart the interval after each with sliding: true', () => {
      createTestScheduler().run(({ cold, expectObservable }) => {
        let n = 0;
        const fn = () => (++n === 3 ? cold('5ms (d|)', { d: done(3) }) : cold('5ms (r|)', { r: running(n) }));
        // attempts at 0, 15, 30, each answering 5 ms later
        expectObservable(pollValue(fn, isFinished, { interval: 10, sliding: true })).toBe('35ms (j|)', {
          j: done(3),
        });
      });
    });

    it('should end at the deadline with an InterruptedError whose lastValue is the last job seen', () => {
      const testScheduler = createTestScheduler();
      const { fn, calls } = jobSource();
      let error: unknown;
      let at = -1;
      testScheduler.run(() => {
        pollValue(fn, isFinished, { interval: 10, timeout: 25 }).subscribe({
          error: (e: unknown) => ((error = e), (at = testScheduler.now())),
        });
      });
      expect(at).toBe(25);
      expect(isDeadlineExceeded(error)).toBe(true);
      expect(calls()).toBe(3);
      expect((error as InterruptedError<Job>).lastValue).toEqual(running(3));
      expect((error as InterruptedError).attempts).toBe(3);
    });

    it('should carry the last value on an abort too, and none when no attempt answered', () => {
      const testScheduler = createTestScheduler();
      const controller = new AbortController();
      const reason = new Error('stop');
      const errors: unknown[] = [];
      testScheduler.run(() => {
        const { fn } = jobSource();
        pollValue(fn, isFinished, { interval: 10, signal: controller.signal }).subscribe({
          error: (e: unknown) => errors.push(e),
        });
        pollValue(() => NEVER, isFinished, { interval: 10, timeout: 5 }).subscribe({
          error: (e: unknown) => errors.push(e),
        });
        testScheduler.schedule(() => controller.abort(reason), 15);
      });
      expect(errors).toHaveLength(2);
      const [timedOut, aborted] = errors as InterruptedError<Job>[];
      expect(isDeadlineExceeded(timedOut)).toBe(true);
      expect('lastValue' in timedOut!).toBe(false);
      expect(isInterrupted(aborted)).toBe(true);
      expect(aborted!.cause).toBe(reason);
      expect(aborted!.lastValue).toEqual(running(2));
    });

    it("should fail with fn's own error, untouched", () => {
      createTestScheduler().run(({ expectObservable }) => {
        const broke = new Error('GET /jobs/1: 500');
        let n = 0;
        const fn = () => {
          if (++n === 2) throw broke;
          return running(n);
        };
        expectObservable(pollValue(fn, isFinished, { interval: 10 })).toBe('10ms #', undefined, broke);
      });
    });

    it("should fail with isDone's error, and refuse a result of isDone that is no boolean", () => {
      createTestScheduler().run(({ expectObservable }) => {
        const broke = new RangeError('bad job');
        const throwing = () => {
          throw broke;
        };
        expectObservable(pollValue(() => 1, throwing, { interval: 10 })).toBe('#', undefined, broke);
        expectObservable(pollValue(() => 1, (() => 'yes') as never, { interval: 10 })).toBe(
          '#',
          undefined,
          new TypeError('isDone returned "yes"; expected a boolean'),
        );
        expectObservable(pollValue(() => EMPTY, isFinished, { interval: 10 })).toBe(
          '#',
          undefined,
          new TypeError('The function returned an Observable that completed without a value'),
        );
        expectObservable(pollValue(() => NEVER.pipe(), isFinished, { interval: 10, timeout: 1 })).toBe(
          '1ms #',
          undefined,
          interruptedWith('TimeoutError'),
        );
      });
    });

    it('should give isDone the attempt number and onAttempt each value as its result', () => {
      const infos: AttemptInfo[] = [];
      const seen: number[] = [];
      createTestScheduler().run(({ expectObservable }) => {
        const wait = pollValue(
          ({ attempt }) => attempt * 10,
          (value, attempt) => (seen.push(attempt), value === 30),
          { interval: 10, onAttempt: (info) => infos.push(info) },
        );
        expectObservable(wait).toBe('20ms (v|)', { v: 30 });
      });
      expect(seen).toEqual([1, 2, 3]);
      expect(infos.map((i) => [i.outcome, i.result])).toEqual([
        ['not-done', 10],
        ['not-done', 20],
        ['done', 30],
      ]);
    });

    it("should abort fn's signal when the wait ends while fn is in flight", async () => {
      let signal: AbortSignal | undefined;
      const error = await firstValueFrom(
        pollValue((context) => ((signal = context.signal), new Promise<Job>(() => undefined)), isFinished, {
          interval: 10,
          timeout: 20,
        }),
      ).catch((e: unknown) => e);
      expect(isDeadlineExceeded(error)).toBe(true);
      expect(signal?.aborted).toBe(true);
    });
  });

  describe('on a backoff', () => {
    it('should wait 10, 20, 40 ms between attempts and emit the match', () => {
      createTestScheduler().run(({ expectObservable }) => {
        const { fn } = jobSource(4);
        expectObservable(pollValue(fn, isFinished, { backoff: { duration: 10, factor: 2 } })).toBe('70ms (j|)', {
          j: done(4),
        });
      });
    });

    it('should run out after backoff.steps attempts, carrying the last value', () => {
      const testScheduler = createTestScheduler();
      let error: unknown;
      let at = -1;
      testScheduler.run(() => {
        const { fn } = jobSource();
        pollValue(fn, isFinished, { backoff: { duration: 10, factor: 2, steps: 3 } }).subscribe({
          error: (e: unknown) => ((error = e), (at = testScheduler.now())),
        });
      });
      expect(at).toBe(30);
      expect(isInterrupted(error)).toBe(true);
      expect((error as InterruptedError).cause).toBeUndefined();
      expect((error as InterruptedError<Job>).lastValue).toEqual(running(3));
    });

    it('should carry the last value on the deadline too', () => {
      const testScheduler = createTestScheduler();
      let error: unknown;
      testScheduler.run(() => {
        const { fn } = jobSource();
        pollValue(fn, isFinished, { backoff: { duration: 10, factor: 2 }, timeout: 50 }).subscribe({
          error: (e: unknown) => (error = e),
        });
      });
      // attempts at 0, 10, 30; the next (70) would come after the deadline
      expect(isDeadlineExceeded(error)).toBe(true);
      expect((error as InterruptedError<Job>).lastValue).toEqual(running(3));
    });

    it('should wait the first delay with immediate: false, and emit every value with emit: all', () => {
      createTestScheduler().run(({ expectObservable }) => {
        const { fn } = jobSource(2);
        const wait = pollValue(fn, isFinished, {
          backoff: { duration: 10, factor: 3 },
          immediate: false,
          emit: 'all',
        });
        expectObservable(wait).toBe('10ms a 29ms (b|)', { a: running(1), b: done(2) });
      });
    });

    it('should take jitter from random', () => {
      createTestScheduler().run(({ expectObservable }) => {
        const { fn } = jobSource(2);
        const wait = pollValue(fn, isFinished, { backoff: { duration: 10, jitter: 1 }, random: () => 0.5 });
        expectObservable(wait).toBe('15ms (j|)', { j: done(2) });
      });
    });
  });

  describe('options', () => {
    it('should refuse both interval and backoff, neither, and unknown emit values', () => {
      expect(() =>
        pollValue(
          () => 1,
          () => true,
          { interval: 10, backoff: { duration: 10 } },
        ),
      ).toThrow(new TypeError('Expected either `interval` or `backoff` in the options of `pollValue`, not both'));
      expect(() =>
        pollValue(
          () => 1,
          () => true,
          {},
        ),
      ).toThrow(new TypeError('Expected `interval` to be a finite number >= 0, got undefined'));
      expect(() =>
        pollValue(
          () => 1,
          () => true,
          { interval: 10, emit: 'last' as never },
        ),
      ).toThrow(/`emit`/);
      expect(() =>
        pollValue(
          () => 1,
          () => true,
          { backoff: { duration: -1 } },
        ),
      ).toThrow(new RangeError('Expected `duration` to be a finite number >= 0, got -1'));
      expect(() =>
        pollValue(
          () => 1,
          () => true,
          { backoff: { duration: 1, steps: 0 } },
        ),
      ).toThrow(/`steps`/);
      expect(() =>
        pollValue(
          () => 1,
          () => true,
          null as never,
        ),
      ).toThrow(new TypeError('Expected the options of `pollValue` to be an object, got null'));
      expect(() =>
        pollValue(
          () => 1,
          () => true,
          { backoff: 10 as never },
        ),
      ).toThrow(new TypeError('Expected `backoff` to be an object, got 10'));
      expect(() => pollValue(1 as never, () => true, { interval: 1 })).toThrow(
        new TypeError('Expected `fn` to be a function, got 1'),
      );
      expect(() => pollValue(() => 1, null as never, { interval: 1 })).toThrow(
        new TypeError('Expected `isDone` to be a function, got null'),
      );
    });

    it('should keep state per subscription: the backoff and the last value start afresh', () => {
      const testScheduler = createTestScheduler();
      const errors: [number, unknown][] = [];
      testScheduler.run(() => {
        let n = 0;
        const wait = pollValue(
          () => ++n,
          () => false,
          { backoff: { duration: 10, factor: 2, steps: 3 } },
        );
        const record = { error: (e: unknown) => errors.push([testScheduler.now(), e]) };
        wait.subscribe(record);
        testScheduler.schedule(() => wait.subscribe(record), 100);
      });
      expect(errors.map(([at, e]) => [at, (e as InterruptedError<number>).lastValue])).toEqual([
        [30, 3],
        [130, 6],
      ]);
    });
  });
});
