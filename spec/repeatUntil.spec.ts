import { mergeMap, of, throwError } from 'rxjs';
import { repeatUntil } from '../src';
import {
  abortListeners,
  countingScheduler,
  createTestScheduler,
  interruptedWith,
  itStopsSynchronousSources,
  perSubscription,
} from './helpers';

describe('repeatUntil', () => {
  it('should resubscribe every interval from subscription and complete on the first matching value', () => {
    const testScheduler = createTestScheduler();
    testScheduler.run(({ expectObservable }) => {
      const source = perSubscription([of('pending'), of('pending'), of('done')]);
      expectObservable(source.pipe(repeatUntil((v) => v === 'done', { interval: 10 }))).toBe('a 9ms a 9ms (b|)', {
        a: 'pending',
        b: 'done',
      });
    });
  });

  it('should wait one interval first with immediate: false', () => {
    const testScheduler = createTestScheduler();
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('(a|)');
      expectObservable(source.pipe(repeatUntil(() => true, { interval: 10, immediate: false }))).toBe('10ms (a|)');
      expectSubscriptions(source.subscriptions).toBe('10ms (^!)');
    });
  });

  it('should count an attempt until the source completes, keeping the fixed rate', () => {
    const testScheduler = createTestScheduler();
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const slow = cold('-------------a|'); // 14 frames, overruns the 10 interval
      const fast = cold('b|');
      const source = perSubscription([slow, fast]);
      expectObservable(source.pipe(repeatUntil((v) => v === 'b', { interval: 10 }))).toBe('13ms a 0ms (b|)');
      expectSubscriptions(slow.subscriptions).toBe('^-------------!');
      // the ticks at 10 fell during the first attempt: the next starts when it completes, at 14
      expectSubscriptions(fast.subscriptions).toBe('14ms (^!)');
    });
  });

  it('should unsubscribe the source at the matching value and pass the attempt number', () => {
    const testScheduler = createTestScheduler();
    const seen: [string, number][] = [];
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-b-c-d|');
      const predicate = (value: string, attempt: number) => (seen.push([value, attempt]), value === 'c');
      expectObservable(source.pipe(repeatUntil(predicate, { interval: 100 }))).toBe('-a-b-(c|)');
      expectSubscriptions(source.subscriptions).toBe('^----!');
    });
    expect(seen).toEqual([
      ['a', 1],
      ['b', 1],
      ['c', 1],
    ]);
  });

  it('should pass a source error through, untouched, and stop', () => {
    const testScheduler = createTestScheduler();
    const boom = new Error('boom');
    testScheduler.run(({ expectObservable }) => {
      const source = perSubscription([of('x'), throwError(() => boom)]);
      expectObservable(source.pipe(repeatUntil(() => false, { interval: 10 }))).toBe('x 9ms #', { x: 'x' }, boom);
    });
  });

  it('should error with the error a throwing predicate raises', () => {
    const testScheduler = createTestScheduler();
    const boom = new Error('predicate');
    testScheduler.run(({ cold, expectObservable }) => {
      const predicate = () => {
        throw boom;
      };
      expectObservable(cold('--a|').pipe(repeatUntil(predicate, { interval: 10 }))).toBe('--#', undefined, boom);
    });
  });

  it('should interrupt at the deadline, unsubscribing the running source', () => {
    const testScheduler = createTestScheduler();
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('a----|');
      expectObservable(source.pipe(repeatUntil(() => false, { interval: 10, timeout: 13 }))).toBe(
        'a 9ms a 2ms #',
        undefined,
        interruptedWith('TimeoutError'),
      );
      expectSubscriptions(source.subscriptions).toBe(['^----!', '10ms ^--!']);
    });
  });

  it('should interrupt on abort with the reason, remove its listener and leave nothing scheduled', () => {
    const testScheduler = createTestScheduler();
    const controller = new AbortController();
    let counter!: ReturnType<typeof countingScheduler>;
    testScheduler.run(({ cold, expectObservable }) => {
      counter = countingScheduler(testScheduler);
      testScheduler.schedule(() => controller.abort(), 25);
      const source = cold('(a|)');
      expectObservable(
        source.pipe(
          repeatUntil(() => false, { interval: 10, signal: controller.signal, scheduler: counter.scheduler }),
        ),
      ).toBe('a 9ms a 9ms a 4ms #', undefined, interruptedWith('AbortError'));
    });
    expect(counter.pending).toBe(0);
    expect(abortListeners(controller.signal)).toBe(0);
  });

  it('should restart the interval when the source completes with sliding: true', () => {
    const testScheduler = createTestScheduler();
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('---a|');
      expectObservable(source.pipe(repeatUntil((_v, attempt) => attempt === 2, { interval: 10, sliding: true }))).toBe(
        '---a 13ms (a|)',
      );
      expectSubscriptions(source.subscriptions).toBe(['^---!', '14ms ^--!']);
    });
  });

  it('should keep state per subscription when reused', () => {
    const testScheduler = createTestScheduler();
    const attempts: number[] = [];
    testScheduler.run(({ cold, expectObservable }) => {
      const operator = repeatUntil<string>((_v, attempt) => (attempts.push(attempt), attempt === 2), { interval: 10 });
      const source = cold('(a|)');
      expectObservable(source.pipe(operator)).toBe('a 9ms (a|)');
      expectObservable(source.pipe(operator)).toBe('a 9ms (a|)');
    });
    expect(attempts).toEqual([1, 1, 2, 2]);
  });

  it('should validate at call time', () => {
    expect(() => repeatUntil(undefined as never, { interval: 1 })).toThrow(/`predicate`/);
    expect(() => repeatUntil(() => true, { interval: 1, timeout: -1 })).toThrow(RangeError);
  });
  describe('with a synchronous source', () => {
    itStopsSynchronousSources((signal) => repeatUntil<number>(() => false, { interval: 10, signal }));
  });

  it('should not break unsubscription chains when the result is unsubscribed explicitly', () => {
    const testScheduler = createTestScheduler();
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a--|');
      const unsub = '      12ms !';
      const result = source.pipe(
        mergeMap((x) => of(x)),
        repeatUntil(() => false, { interval: 10 }),
        mergeMap((x) => of(x)),
      );
      expectObservable(result, unsub).toBe('-a 9ms a');
      expectSubscriptions(source.subscriptions).toBe(['^---!', '10ms ^-!']);
    });
  });
});

describe('repeatUntil details', () => {
  it('should repeat a source that completes without values', () => {
    const testScheduler = createTestScheduler();
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const empty = cold('|');
      expectObservable(empty.pipe(repeatUntil(() => true, { interval: 10 })), '25ms !').toBe('');
      expectSubscriptions(empty.subscriptions).toBe(['(^!)', '10ms (^!)', '20ms (^!)']);
    });
  });

  it('should not complete a repeatUntil whose matching value comes with the completion', () => {
    const testScheduler = createTestScheduler();
    testScheduler.run(({ cold, expectObservable }) => {
      expectObservable(cold('(ab|)').pipe(repeatUntil((v) => v === 'b', { interval: 10 }))).toBe('(ab|)');
    });
  });
});
