import type { Subscription } from 'rxjs';
import { defer, mergeMap, of, switchMap, throwError, timer } from 'rxjs';
import { backoffRetry, isInterrupted } from '../src';
import {
  abortListeners,
  countingScheduler,
  createTestScheduler,
  interruptedWith,
  itStopsSynchronousSources,
  perSubscription,
} from './helpers';

describe('backoffRetry', () => {
  it('should pass values through and complete with the source when it does not fail', () => {
    const testScheduler = createTestScheduler();
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-b|');
      expectObservable(source.pipe(backoffRetry({ duration: 10, steps: 3 }))).toBe('-a-b|');
      expectSubscriptions(source.subscriptions).toBe('^---!');
    });
  });

  it('should resubscribe after each error, waiting the backoff delays', () => {
    const testScheduler = createTestScheduler();
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('--#');
      expectObservable(source.pipe(backoffRetry({ duration: 10, factor: 2, steps: 3 }))).toBe('36ms #');
      expectSubscriptions(source.subscriptions).toBe(['^-!', '12ms ^-!', '34ms ^-!']);
    });
  });

  it("should rethrow the source's last error, unchanged, when the attempts run out", () => {
    const testScheduler = createTestScheduler();
    const errors = [new Error('first'), new Error('second'), new Error('third')];
    const caught: unknown[] = [];
    testScheduler.run(({ cold, expectObservable }) => {
      const source = perSubscription(errors.map((e) => cold('-#', undefined, e)));
      const result = source.pipe(backoffRetry({ duration: 5, steps: 3 }));
      expectObservable(result).toBe('13ms #', undefined, errors[2]);
    });
    testScheduler.run(({ cold }) => {
      const source = perSubscription(errors.map((e) => cold('-#', undefined, e)));
      source.pipe(backoffRetry({ duration: 5, steps: 3 })).subscribe({ error: (e) => caught.push(e) });
    });
    expect(caught).toHaveLength(1);
    expect(caught[0]).toBe(errors[2]);
    expect(isInterrupted(caught[0])).toBe(false);
  });

  it('should succeed after failures, passing the values of every attempt through', () => {
    const testScheduler = createTestScheduler();
    testScheduler.run(({ cold, expectObservable }) => {
      const source = perSubscription([cold('a#'), cold('b#'), cold('c|')]);
      // subscriptions at 0, 11 (1 + 10), 32 (12 + 20)
      expectObservable(source.pipe(backoffRetry({ duration: 10, factor: 2, steps: 5 }))).toBe('a 10ms b 20ms c|');
    });
  });

  it('should with `steps: Infinity` retry until the deadline, the delay growing to the cap', () => {
    const testScheduler = createTestScheduler();
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('#');
      const retried = source.pipe(backoffRetry({ duration: 10, factor: 2, cap: 40, steps: Infinity, timeout: 200 }));
      expectObservable(retried).toBe('200ms #', undefined, interruptedWith('TimeoutError'));
      // delays 10, 20, 40, then 40 at the cap
      expectSubscriptions(source.subscriptions).toBe([
        '(^!)',
        '10ms (^!)',
        '30ms (^!)',
        '70ms (^!)',
        '110ms (^!)',
        '150ms (^!)',
        '190ms (^!)',
      ]);
    });
  });

  it('should subscribe once with steps 1: no retry at all', () => {
    const testScheduler = createTestScheduler();
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('---#');
      expectObservable(source.pipe(backoffRetry({ duration: 10, steps: 1 }))).toBe('---#');
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });

  it('should keep retrying at the cap', () => {
    const testScheduler = createTestScheduler();
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('#');
      expectObservable(source.pipe(backoffRetry({ duration: 10, factor: 3, cap: 20, steps: 4 }))).toBe('50ms #');
      expectSubscriptions(source.subscriptions).toBe(['(^!)', '10ms (^!)', '30ms (^!)', '50ms (^!)']);
    });
  });

  it('should jitter the delays with the injected random', () => {
    const testScheduler = createTestScheduler();
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('#');
      const result = source.pipe(backoffRetry({ duration: 10, factor: 2, jitter: 0.5, steps: 3, random: () => 0.4 }));
      expectObservable(result).toBe('36ms #');
      // 10 * 1.2 = 12, 20 * 1.2 = 24
      expectSubscriptions(source.subscriptions).toBe(['(^!)', '12ms (^!)', '36ms (^!)']);
    });
  });

  describe('shouldRetry', () => {
    it('should rethrow at once when it says no, with the error and the attempt number', () => {
      const testScheduler = createTestScheduler();
      const fatal = new Error('404');
      const calls: [unknown, number][] = [];
      testScheduler.run(({ cold, expectObservable }) => {
        const source = perSubscription([cold('-#', undefined, new Error('503')), cold('-#', undefined, fatal)]);
        const shouldRetry = (error: unknown, attempt: number) => {
          calls.push([error, attempt]);
          return (error as Error).message === '503';
        };
        expectObservable(source.pipe(backoffRetry({ duration: 10, steps: 5, shouldRetry }))).toBe(
          '12ms #',
          undefined,
          fatal,
        );
      });
      expect(calls.map(([e, n]) => [(e as Error).message, n])).toEqual([
        ['503', 1],
        ['404', 2],
      ]);
    });

    it('should be asked about the last error too, as client-go does', () => {
      const testScheduler = createTestScheduler();
      const attempts: number[] = [];
      testScheduler.run(({ cold, expectObservable }) => {
        const shouldRetry = (_error: unknown, attempt: number) => (attempts.push(attempt), true);
        expectObservable(cold('#').pipe(backoffRetry({ duration: 1, steps: 3, shouldRetry }))).toBe('2ms #');
      });
      expect(attempts).toEqual([1, 2, 3]);
    });

    it('should error with the error it throws', () => {
      const testScheduler = createTestScheduler();
      const hookError = new Error('hook broke');
      testScheduler.run(({ cold, expectObservable }) => {
        const shouldRetry = () => {
          throw hookError;
        };
        expectObservable(cold('-#').pipe(backoffRetry({ duration: 1, steps: 3, shouldRetry }))).toBe(
          '-#',
          undefined,
          hookError,
        );
      });
    });
  });

  describe('resetOnSuccess', () => {
    it('should restart the count and the delays after a value', () => {
      const testScheduler = createTestScheduler();
      testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
        // every subscription errors; the 2nd emits a value first
        const first = cold('#');
        const second = cold('a#');
        const rest = cold('#');
        const source = perSubscription([first, second, rest, rest, rest]);
        const result = source.pipe(backoffRetry({ duration: 10, factor: 2, steps: 2, resetOnSuccess: true }));
        // 0: error; wait 10; 10: a then error (count restarted: 1 used); wait 10 (delays restarted); 21: error -> out
        expectObservable(result).toBe('10ms a 10ms #');
        expectSubscriptions(first.subscriptions).toBe('(^!)');
        expectSubscriptions(second.subscriptions).toBe('10ms ^!');
        expectSubscriptions(rest.subscriptions).toBe('21ms (^!)');
      });
    });

    it('should not reset without the option', () => {
      const testScheduler = createTestScheduler();
      testScheduler.run(({ cold, expectObservable }) => {
        const source = perSubscription([cold('#'), cold('a#'), cold('#')]);
        expectObservable(source.pipe(backoffRetry({ duration: 10, factor: 2, steps: 2 }))).toBe('10ms a#');
      });
    });
  });

  describe('with signal', () => {
    it('should unsubscribe the running source and interrupt at the abort', () => {
      const testScheduler = createTestScheduler();
      const controller = new AbortController();
      testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
        const source = cold('-a------b|');
        testScheduler.schedule(() => controller.abort(), 4);
        expectObservable(source.pipe(backoffRetry({ duration: 10, steps: 3, signal: controller.signal }))).toBe(
          '-a--#',
          undefined,
          interruptedWith('AbortError'),
        );
        expectSubscriptions(source.subscriptions).toBe('^---!');
      });
      expect(abortListeners(controller.signal)).toBe(0);
    });

    it('should interrupt while waiting to retry', () => {
      const testScheduler = createTestScheduler();
      const controller = new AbortController();
      testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
        const source = cold('-#');
        testScheduler.schedule(() => controller.abort(), 5);
        expectObservable(source.pipe(backoffRetry({ duration: 10, steps: 3, signal: controller.signal }))).toBe(
          '5ms #',
          undefined,
          interruptedWith('AbortError'),
        );
        expectSubscriptions(source.subscriptions).toBe('^!');
      });
    });

    it('should never subscribe when the signal is already aborted', () => {
      const testScheduler = createTestScheduler();
      const controller = new AbortController();
      controller.abort();
      testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
        const source = cold('a|');
        expectObservable(source.pipe(backoffRetry({ duration: 10, steps: 3, signal: controller.signal }))).toBe(
          '#',
          undefined,
          interruptedWith('AbortError'),
        );
        expectSubscriptions(source.subscriptions).toBe([]);
      });
    });
  });

  describe('with timeout', () => {
    it('should interrupt at the deadline, unsubscribing the running source', () => {
      const testScheduler = createTestScheduler();
      testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
        const source = cold('---#');
        expectObservable(source.pipe(backoffRetry({ duration: 5, steps: 10, timeout: 10 }))).toBe(
          '10ms #',
          undefined,
          interruptedWith('TimeoutError'),
        );
        expectSubscriptions(source.subscriptions).toBe(['^--!', '8ms ^-!']);
      });
    });
  });

  it('should leave nothing scheduled after an unsubscribe while waiting', () => {
    const testScheduler = createTestScheduler();
    let counter!: ReturnType<typeof countingScheduler>;
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      counter = countingScheduler(testScheduler);
      const source = cold('-#');
      expectObservable(
        source.pipe(backoffRetry({ duration: 10, steps: 3, scheduler: counter.scheduler })),
        '5ms !',
      ).toBe('');
      expectSubscriptions(source.subscriptions).toBe('^!');
    });
    expect(counter.pending).toBe(0);
    expect(counter.scheduled).toBe(1);
  });

  it('should arm nothing more when shouldRetry unsubscribes the result', () => {
    const testScheduler = createTestScheduler();
    let counter!: ReturnType<typeof countingScheduler>;
    let subscription: Subscription | undefined;
    const calls: number[] = [];
    testScheduler.run(({ cold }) => {
      counter = countingScheduler(testScheduler);
      const source = cold('-#');
      subscription = source
        .pipe(
          backoffRetry({
            duration: 10,
            steps: 3,
            scheduler: counter.scheduler,
            shouldRetry: (_error, attempt) => {
              calls.push(attempt);
              subscription?.unsubscribe();
              return true;
            },
          }),
        )
        .subscribe();
    });
    expect(calls).toEqual([1]);
    expect(subscription?.closed).toBe(true);
    expect(counter.scheduled).toBe(0);
    expect(counter.pending).toBe(0);
  });

  it('should keep state per subscription when one configured operator is reused', () => {
    const testScheduler = createTestScheduler();
    testScheduler.run(({ cold, expectObservable }) => {
      const retry = backoffRetry<string>({ duration: 10, factor: 2, steps: 2 });
      const failing = cold<string>('#');
      expectObservable(failing.pipe(retry)).toBe('10ms #');
      expectObservable(timer(50).pipe(switchMap(() => failing.pipe(retry)))).toBe('60ms #');
    });
  });

  it('should retry a synchronously failing source without recursion, on the scheduler', () => {
    const testScheduler = createTestScheduler();
    let subscriptions = 0;
    testScheduler.run(({ expectObservable }) => {
      const source = defer(() => (++subscriptions < 1000 ? throwError(() => new Error('sync')) : of('ok')));
      expectObservable(source.pipe(backoffRetry({ duration: 0, steps: 1000 }))).toBe('(a|)', { a: 'ok' });
    });
    expect(subscriptions).toBe(1000);
  });

  it('should validate at call time, with steps >= 1', () => {
    expect(() => backoffRetry({ duration: 10, steps: 0 })).toThrow(
      new RangeError('Expected `steps` to be an integer >= 1 (Infinity for no limit), got 0'),
    );
    expect(() => backoffRetry({ duration: 10, steps: 2, shouldRetry: 'yes' as never })).toThrow(/`shouldRetry`/);
    expect(() => backoffRetry({ duration: 10, steps: 2, resetOnSuccess: 1 as never })).toThrow(/`resetOnSuccess`/);
  });
  describe('with a synchronous source', () => {
    itStopsSynchronousSources((signal) => backoffRetry<number>({ duration: 10, steps: 3, signal }));
  });

  it('should not break unsubscription chains when the result is unsubscribed explicitly', () => {
    const testScheduler = createTestScheduler();
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-1-#');
      const unsub = '      10ms !';
      const result = source.pipe(
        mergeMap((x) => of(x)),
        backoffRetry({ duration: 5, steps: 5 }),
        mergeMap((x) => of(x)),
      );
      // fails at 3, waits 5, subscribes again at 8; the unsubscribe at 10 reaches that subscription
      expectObservable(result, unsub).toBe('-1 7ms 1');
      expectSubscriptions(source.subscriptions).toBe(['^--!', '8ms ^-!']);
    });
  });
});

describe('backoffRetry and a source that fails at once', () => {
  it('should let a failing source inside throwError keep its identity through backoffRetry with shouldRetry', () => {
    const testScheduler = createTestScheduler();
    const boom = new Error('x');
    testScheduler.run(({ expectObservable }) => {
      expectObservable(
        throwError(() => boom).pipe(backoffRetry({ duration: 1, steps: 3, shouldRetry: () => false })),
      ).toBe('#', undefined, boom);
    });
  });
});

describe('backoffRetry delays at the edges', () => {
  it('should use a retryAfter delay below the cap as it is, and 0 too', () => {
    const testScheduler = createTestScheduler();
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('#');
      let n = 0;
      const retryAfter = () => [5, 0][n++];
      expectObservable(source.pipe(backoffRetry({ duration: 10, cap: 30, steps: 3, retryAfter }))).toBe('5ms #');
      expectSubscriptions(source.subscriptions).toBe(['(^!)', '5ms (^!)', '5ms (^!)']);
    });
  });

  it.each([NaN, Infinity, -1, '5'])('should reject a retryAfter result of %p', (value) => {
    const testScheduler = createTestScheduler();
    testScheduler.run(({ cold, expectObservable }) => {
      expectObservable(
        cold('#').pipe(backoffRetry({ duration: 10, steps: 2, retryAfter: () => value as number })),
      ).toBe(
        '#',
        undefined,
        expect.objectContaining({ name: 'RangeError', message: expect.stringContaining('`retryAfter`') }),
      );
    });
  });

  it('should reset at exactly resetAfter ms of running', () => {
    const testScheduler = createTestScheduler();
    testScheduler.run(({ cold, expectObservable }) => {
      expectObservable(cold('40ms #').pipe(backoffRetry({ duration: 10, steps: 2, resetAfter: 40 })), '^ 200ms !').toBe(
        '',
      );
    });
  });
});

describe('backoffRetry retryAfter', () => {
  const tooMany = (retryAfterMs: number) => Object.assign(new Error('429'), { retryAfterMs });
  const readRetryAfter = (error: unknown) => (error as { retryAfterMs?: number }).retryAfterMs;

  it("should use the delay the error asks for instead of the backoff's", () => {
    const testScheduler = createTestScheduler();
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('#', undefined, tooMany(50));
      expectObservable(source.pipe(backoffRetry({ duration: 10, steps: 2, retryAfter: readRetryAfter }))).toBe(
        '50ms #',
        undefined,
        tooMany(50),
      );
      expectSubscriptions(source.subscriptions).toBe(['(^!)', '50ms (^!)']);
    });
  });

  it('should fall back to the backoff when it gives undefined, and keep the backoff stepping', () => {
    const testScheduler = createTestScheduler();
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const plain = cold('#');
      let n = 0;
      const retryAfter = () => (++n === 1 ? 5 : undefined);
      expectObservable(plain.pipe(backoffRetry({ duration: 10, factor: 2, steps: 3, retryAfter }))).toBe('25ms #');
      // 5 (asked for), then 20: the second step of the backoff
      expectSubscriptions(plain.subscriptions).toBe(['(^!)', '5ms (^!)', '25ms (^!)']);
    });
  });

  it('should bound the asked-for delay by cap and by the deadline', () => {
    const testScheduler = createTestScheduler();
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const capped = cold('#', undefined, tooMany(1000));
      expectObservable(capped.pipe(backoffRetry({ duration: 10, cap: 30, steps: 2, retryAfter: readRetryAfter }))).toBe(
        '30ms #',
        undefined,
        tooMany(1000),
      );
      expectSubscriptions(capped.subscriptions).toBe(['(^!)', '30ms (^!)']);
      const late = cold('#', undefined, tooMany(1000));
      expectObservable(
        late.pipe(backoffRetry({ duration: 10, steps: 2, timeout: 100, retryAfter: readRetryAfter })),
      ).toBe('100ms #', undefined, interruptedWith('TimeoutError'));
    });
  });

  it('should error with a RangeError for a value that is not a delay', () => {
    const testScheduler = createTestScheduler();
    testScheduler.run(({ cold, expectObservable }) => {
      expectObservable(cold('#').pipe(backoffRetry({ duration: 10, steps: 2, retryAfter: () => -1 }))).toBe(
        '#',
        undefined,
        new RangeError('Expected `retryAfter` to be a function returning a finite number >= 0 or undefined, got -1'),
      );
    });
  });
});

describe('backoffRetry resetAfter', () => {
  it('should start the backoff and the count over when the source ran long enough before failing', () => {
    const testScheduler = createTestScheduler();
    const attempts: number[] = [];
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const quick = cold('#');
      const long = cold('50ms #');
      const source = perSubscription([quick, quick, long, quick, quick]);
      const shouldRetry = (_e: unknown, attempt: number) => (attempts.push(attempt), true);
      expectObservable(
        source.pipe(backoffRetry({ duration: 10, factor: 2, steps: 3, resetAfter: 40, shouldRetry })),
      ).toBe('110ms #');
      // fails at 0; +10: fails at 10; +20: runs 30..80 (>= 40: reset); +10: fails at 90; +20: fails at 110, out
      expectSubscriptions(long.subscriptions).toBe('30ms ^ 49ms !');
      expectSubscriptions(quick.subscriptions).toBe(['(^!)', '10ms (^!)', '90ms (^!)', '110ms (^!)']);
    });
    expect(attempts).toEqual([1, 2, 1, 2, 3]);
  });

  it('should not reset when the source failed sooner', () => {
    const testScheduler = createTestScheduler();
    testScheduler.run(({ cold, expectObservable }) => {
      expectObservable(cold('39ms #').pipe(backoffRetry({ duration: 10, steps: 2, resetAfter: 40 }))).toBe('88ms #');
    });
  });

  it('should reject a bad resetAfter', () => {
    expect(() => backoffRetry({ duration: 1, steps: 2, resetAfter: -1 })).toThrow(/`resetAfter`/);
  });
});
