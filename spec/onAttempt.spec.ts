import { VirtualTimeScheduler, defer, map, switchMap, timer } from 'rxjs';
import type { AttemptInfo, ConditionContext } from '../src';
import { backoffRetry, exponentialBackoff, isInterrupted, pollImmediate, pollUntil, repeatUntil, until } from '../src';
import { createTestScheduler, interruptedWith } from './helpers';

describe('onAttempt', () => {
  it('should report every pollUntil attempt with elapsed time, outcome and the next delay', () => {
    const testScheduler = createTestScheduler();
    const infos: AttemptInfo[] = [];
    testScheduler.run(({ expectObservable }) => {
      const condition = ({ attempt }: ConditionContext) =>
        attempt === 1 ? timer(25).pipe(map(() => false)) : attempt === 3;
      expectObservable(pollUntil(condition, { interval: 10, onAttempt: (i) => infos.push(i) })).toBe('40ms (a|)', {
        a: undefined,
      });
    });
    // the slow first attempt settles at 35: the collapsed tick is due at once (nextDelay 0)
    expect(infos).toEqual([
      { attempt: 1, elapsed: 35, outcome: 'not-done', result: false, nextDelay: 0 },
      { attempt: 2, elapsed: 35, outcome: 'not-done', result: false, nextDelay: 5 },
      { attempt: 3, elapsed: 40, outcome: 'done', result: true },
    ]);
  });

  it("should report a condition's error before the wait errors with it", () => {
    const testScheduler = createTestScheduler();
    const boom = new Error('boom');
    const infos: AttemptInfo[] = [];
    testScheduler.run(({ expectObservable }) => {
      const condition = () => {
        throw boom;
      };
      expectObservable(pollImmediate(condition, { interval: 10, onAttempt: (i) => infos.push(i) })).toBe(
        '#',
        undefined,
        boom,
      );
    });
    expect(infos).toEqual([{ attempt: 1, elapsed: 0, outcome: 'error', error: boom }]);
  });

  it('should give no nextDelay when the deadline comes before the next attempt', () => {
    const testScheduler = createTestScheduler();
    const infos: AttemptInfo[] = [];
    testScheduler.run(({ expectObservable }) => {
      expectObservable(pollUntil(() => false, { interval: 10, timeout: 25, onAttempt: (i) => infos.push(i) })).toBe(
        '25ms #',
        undefined,
        interruptedWith('TimeoutError'),
      );
    });
    expect(infos).toEqual([
      { attempt: 1, elapsed: 10, outcome: 'not-done', result: false, nextDelay: 10 },
      { attempt: 2, elapsed: 20, outcome: 'not-done', result: false },
    ]);
  });

  it('should report exponentialBackoff delays, none after the last attempt', () => {
    const testScheduler = createTestScheduler();
    const infos: AttemptInfo[] = [];
    testScheduler.run(({ expectObservable }) => {
      const wait = exponentialBackoff(() => false, {
        duration: 10,
        factor: 3,
        steps: 3,
        onAttempt: (i) => infos.push(i),
      });
      expectObservable(wait).toBe('40ms #', undefined, interruptedWith(undefined));
    });
    expect(infos.map((i) => [i.elapsed, i.nextDelay])).toEqual([
      [0, 10],
      [10, 30],
      [40, undefined],
    ]);
  });

  it('should report retried source errors as outcome error with the delay, and completion as done', () => {
    const testScheduler = createTestScheduler();
    const first = new Error('first');
    const infos: AttemptInfo[] = [];
    testScheduler.run(({ cold, expectObservable }) => {
      let n = 0;
      const source = defer(() => (n++ === 0 ? cold('-#', undefined, first) : cold('-a|')));
      expectObservable(source.pipe(backoffRetry({ duration: 7, steps: 3, onAttempt: (i) => infos.push(i) }))).toBe(
        '9ms a|',
      );
    });
    expect(infos).toEqual([
      { attempt: 1, elapsed: 1, outcome: 'error', error: first, nextDelay: 7 },
      { attempt: 2, elapsed: 10, outcome: 'done' },
    ]);
  });

  it('should report repeatUntil and until attempts', () => {
    const testScheduler = createTestScheduler();
    const repeats: AttemptInfo[] = [];
    const runs: AttemptInfo[] = [];
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('a|');
      expectObservable(
        source.pipe(repeatUntil((_v, attempt) => attempt === 2, { interval: 10, onAttempt: (i) => repeats.push(i) })),
      ).toBe('a 9ms (a|)');
      expectObservable(until(() => 'x', { period: 5, timeout: 12, onAttempt: (i) => runs.push(i) })).toBe(
        'x 4ms x 4ms x 1ms |',
        { x: 'x' },
      );
    });
    // strict: an attempt that produced nothing has no `result` key at all
    expect(repeats).toStrictEqual([
      { attempt: 1, elapsed: 1, outcome: 'not-done', nextDelay: 9 },
      { attempt: 2, elapsed: 10, outcome: 'done', result: 'a' },
    ]);
    expect(runs.map((i) => i.result)).toEqual(['x', 'x', 'x']);
    expect(runs.map((i) => [i.attempt, i.elapsed, i.outcome, i.nextDelay])).toEqual([
      [1, 0, 'not-done', 5],
      [2, 5, 'not-done', 5],
      [3, 10, 'not-done', undefined],
    ]);
  });

  it("should error the wait with a throwing hook's error, stopping it", () => {
    const testScheduler = createTestScheduler();
    const hookError = new Error('hook');
    let calls = 0;
    testScheduler.run(({ expectObservable }) => {
      const onAttempt = (info: AttemptInfo) => {
        if (info.attempt === 2) throw hookError;
      };
      const condition = () => (calls++, false);
      expectObservable(pollUntil(condition, { interval: 10, onAttempt })).toBe('20ms #', undefined, hookError);
    });
    expect(calls).toBe(2);
  });

  it('should let a throwing hook turn a success into its error', () => {
    const testScheduler = createTestScheduler();
    const hookError = new Error('hook on done');
    testScheduler.run(({ expectObservable }) => {
      const onAttempt = () => {
        throw hookError;
      };
      expectObservable(pollImmediate(() => true, { interval: 10, onAttempt })).toBe('#', undefined, hookError);
    });
  });

  it('should be validated as a function at call time', () => {
    expect(() => pollUntil(() => true, { interval: 1, onAttempt: 'log' as never })).toThrow(/`onAttempt`/);
    expect(() => until(() => 1, { period: 1, onAttempt: 1 as never })).toThrow(TypeError);
  });
});

describe('onRetry', () => {
  it('should be told the error, the failed attempt and the delay before each wait, not after the last', () => {
    const testScheduler = createTestScheduler();
    const calls: [string, number, number][] = [];
    testScheduler.run(({ cold, expectObservable }) => {
      const onRetry = ({ error, attempt, delay }: { error: unknown; attempt: number; delay: number }) =>
        calls.push([(error as Error).message, attempt, delay]);
      const source = cold('-#', undefined, new Error('down'));
      expectObservable(source.pipe(backoffRetry({ duration: 10, factor: 2, steps: 3, onRetry }))).toBe(
        '33ms #',
        undefined,
        new Error('down'),
      );
    });
    expect(calls).toEqual([
      ['down', 1, 10],
      ['down', 2, 20],
    ]);
  });

  it('should error the result with its own error when it throws', () => {
    const testScheduler = createTestScheduler();
    const hookError = new Error('onRetry broke');
    testScheduler.run(({ cold, expectObservable }) => {
      const onRetry = () => {
        throw hookError;
      };
      expectObservable(cold('-#').pipe(backoffRetry({ duration: 10, steps: 3, onRetry }))).toBe(
        '-#',
        undefined,
        hookError,
      );
    });
  });
});

describe('onAttempt details', () => {
  it('should measure elapsed from the subscription, not from time zero', () => {
    const testScheduler = createTestScheduler();
    const infos: AttemptInfo[] = [];
    testScheduler.run(() => {
      const wait = pollUntil(({ attempt }) => attempt === 2, { interval: 10, onAttempt: (i) => infos.push(i) });
      timer(5)
        .pipe(switchMap(() => wait))
        .subscribe();
    });
    expect(infos).toStrictEqual([
      { attempt: 1, elapsed: 10, outcome: 'not-done', result: false, nextDelay: 10 },
      { attempt: 2, elapsed: 20, outcome: 'done', result: true },
    ]);
  });

  it('should give no nextDelay when the next tick falls on the deadline', () => {
    const testScheduler = createTestScheduler();
    const infos: AttemptInfo[] = [];
    testScheduler.run(() => {
      pollUntil(() => false, { interval: 10, timeout: 20, onAttempt: (i) => infos.push(i) }).subscribe({
        error: () => {},
      });
    });
    expect(infos).toStrictEqual([{ attempt: 1, elapsed: 10, outcome: 'not-done', result: false }]);
  });

  it('should not be told about a promise that settles after the wait was interrupted', async () => {
    const scheduler = new VirtualTimeScheduler();
    const infos: AttemptInfo[] = [];
    let resolve!: (value: boolean) => void;
    let calls = 0;
    const errors: unknown[] = [];
    pollImmediate(
      () => {
        calls += 1;
        return new Promise<boolean>((r) => (resolve = r));
      },
      { interval: 10, timeout: 5, scheduler, onAttempt: (i) => infos.push(i) },
    ).subscribe({ error: (e) => errors.push(e) });
    scheduler.flush(); // the deadline at 5 interrupts the pending call
    resolve(false);
    await Promise.resolve();
    await Promise.resolve();
    scheduler.flush();
    expect(errors).toHaveLength(1);
    expect(isInterrupted(errors[0])).toBe(true);
    expect(infos).toEqual([]);
    expect(calls).toBe(1);
  });
});
