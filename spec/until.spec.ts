import { EMPTY, VirtualTimeScheduler, map, timer } from 'rxjs';
import type { ConditionContext } from '../src';
import { pollUntil, until } from '../src';
import { abortListeners, countingScheduler, createTestScheduler } from './helpers';

describe('until', () => {
  it('should run at subscription and every period, emitting each result, and complete on abort', () => {
    const testScheduler = createTestScheduler();
    const controller = new AbortController();
    testScheduler.run(({ expectObservable }) => {
      testScheduler.schedule(() => controller.abort(), 35);
      const job = ({ attempt }: ConditionContext) => attempt;
      expectObservable(until(job, { period: 10, signal: controller.signal })).toBe('a 9ms b 9ms c 9ms d 4ms |', {
        a: 1,
        b: 2,
        c: 3,
        d: 4,
      });
    });
    expect(abortListeners(controller.signal)).toBe(0);
  });

  it('should never run with an already aborted signal, completing at once', () => {
    const testScheduler = createTestScheduler();
    const controller = new AbortController();
    controller.abort();
    const job = jest.fn(() => 1);
    testScheduler.run(({ expectObservable }) => {
      expectObservable(until(job, { period: 10, signal: controller.signal })).toBe('|');
    });
    expect(job).not.toHaveBeenCalled();
  });

  it('should complete when the timeout passes', () => {
    const testScheduler = createTestScheduler();
    testScheduler.run(({ expectObservable }) => {
      expectObservable(until(() => 'tick', { period: 10, timeout: 25 })).toBe('a 9ms a 9ms a 4ms |', { a: 'tick' });
    });
  });

  it('should restart the period when a slow run ends (sliding, the default)', () => {
    const testScheduler = createTestScheduler();
    const starts: number[] = [];
    testScheduler.run(({ expectObservable }) => {
      const job = ({ attempt }: ConditionContext) => (
        starts.push(testScheduler.now()),
        timer(15).pipe(map(() => attempt))
      );
      expectObservable(until(job, { period: 10, timeout: 60 })).toBe('15ms a 24ms b 19ms |', { a: 1, b: 2 });
    });
    expect(starts).toEqual([0, 25, 50]);
  });

  it('should start the period when a run begins, following a slow run at once (sliding: false)', () => {
    const testScheduler = createTestScheduler();
    const starts: number[] = [];
    testScheduler.run(({ expectObservable }) => {
      const job = ({ attempt }: ConditionContext) => (
        starts.push(testScheduler.now()),
        timer(attempt === 1 ? 15 : 2).pipe(map(() => attempt))
      );
      expectObservable(until(job, { period: 10, sliding: false, timeout: 40 })).toBe('15ms a 1ms b 9ms c 9ms d 2ms |', {
        a: 1,
        b: 2,
        c: 3,
        d: 4,
      });
    });
    // run 1 at 0 takes 15 (its period ended at 10): run 2 at 15, then 25, 35
    expect(starts).toEqual([0, 15, 25, 35]);
  });

  it('should jitter every period afresh with the injected random', () => {
    const testScheduler = createTestScheduler();
    const starts: number[] = [];
    const randoms = [0.2, 0.5, 0.1];
    testScheduler.run(() => {
      const random = () => randoms.shift() ?? 0;
      until(() => starts.push(testScheduler.now()), { period: 10, jitterFactor: 1, random, timeout: 40 }).subscribe();
    });
    // 10 * 1.2 = 12, 10 * 1.5 = 15, 10 * 1.1 = 11
    expect(starts).toEqual([0, 12, 27, 38]);
  });

  it("should error with fn's own error", () => {
    const testScheduler = createTestScheduler();
    const boom = new Error('job failed');
    testScheduler.run(({ expectObservable }) => {
      const job = ({ attempt }: ConditionContext) => {
        if (attempt === 3) throw boom;
        return attempt;
      };
      expectObservable(until(job, { period: 10 })).toBe('a 9ms b 9ms #', { a: 1, b: 2 }, boom);
    });
  });

  it('should emit nothing for a run whose Observable completes empty, and go on', () => {
    const testScheduler = createTestScheduler();
    testScheduler.run(({ expectObservable }) => {
      const job = ({ attempt }: ConditionContext) => (attempt === 2 ? EMPTY : timer(0).pipe(map(() => attempt)));
      expectObservable(until(job, { period: 10, timeout: 25 })).toBe('a 19ms c 4ms |', { a: 1, c: 3 });
    });
  });

  it("should emit a promise's value in scheduler time", async () => {
    const scheduler = new VirtualTimeScheduler();
    const values: string[] = [];
    const controller = new AbortController();
    until(async ({ attempt }) => `run ${attempt}@${scheduler.now()}`, {
      period: 10,
      scheduler,
      signal: controller.signal,
    }).subscribe((v) => values.push(v));
    await Promise.resolve();
    scheduler.flush();
    await Promise.resolve();
    controller.abort();
    expect(values).toEqual(['run 1@0', 'run 2@10']);
  });

  it('should abort the in-flight run on unsubscribe and leave nothing scheduled', () => {
    const testScheduler = createTestScheduler();
    const signals: AbortSignal[] = [];
    let counter!: ReturnType<typeof countingScheduler>;
    testScheduler.run(({ expectObservable }) => {
      counter = countingScheduler(testScheduler);
      const job = ({ signal }: ConditionContext) => (signals.push(signal), 'x');
      expectObservable(until(job, { period: 10, scheduler: counter.scheduler }), '25ms !').toBe('x 9ms x 9ms x', {
        x: 'x',
      });
    });
    expect(signals).toHaveLength(3);
    expect(signals[0].aborted).toBe(true);
    expect(counter.pending).toBe(0);
  });

  it('should validate at call time', () => {
    expect(() => until(() => 1, { period: -5 })).toThrow(
      new RangeError('Expected `period` to be a finite number >= 0, got -5'),
    );
    expect(() => until(() => 1, { period: 5, jitterFactor: NaN })).toThrow(/`jitterFactor`/);
    expect(() => until(() => 1, { period: 5, sliding: 'no' as never })).toThrow(/`sliding`/);
    expect(() => until('job' as never, { period: 5 })).toThrow(/`fn`/);
  });
});

describe('until and pollUntil never run out', () => {
  it('should keep until and pollUntil going until unsubscribed: their schedules never run out', () => {
    const testScheduler = createTestScheduler();
    testScheduler.run(({ expectObservable }) => {
      expectObservable(
        until(() => 1, { period: 10 }),
        '35ms !',
      ).toBe('a 9ms a 9ms a 9ms a', { a: 1 });
      expectObservable(
        pollUntil(() => false, { interval: 10 }),
        '35ms !',
      ).toBe('');
    });
  });
});
