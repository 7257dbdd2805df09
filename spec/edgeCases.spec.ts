/**
 * Edge cases found by mutation testing (npm run mutation): each test pins a rule that a
 * surviving mutant showed no other spec pinned.
 */
import { VirtualTimeScheduler, defer, from, map, of, switchMap, throwError, timer } from 'rxjs';
import type { AttemptInfo, ConditionContext } from '../src';
import {
  InterruptedError,
  backoffRetry,
  decorrelatedJitter,
  exponentialBackoff,
  interruptOn,
  isInterrupted,
  pollImmediate,
  pollUntil,
  repeatUntil,
  stepBackoff,
  until,
} from '../src';
import { countingScheduler, createTestScheduler, interruptedWith } from './helpers';

describe('edge cases', () => {
  describe('fixed-rate ticks in floating point', () => {
    it('should never tick twice in one instant when k * interval rounds below itself (interval 0.7)', () => {
      const scheduler = new VirtualTimeScheduler();
      const calls: number[] = [];
      pollUntil(() => calls.push(scheduler.now()) === 5, { interval: 0.7, scheduler }).subscribe();
      scheduler.flush();
      expect(calls).toEqual([0.7, 1.4, 3 * 0.7, 3 * 0.7 + 0.7, 3.5]);
    });

    it('should poll back to back at interval 0, on the scheduler', () => {
      const testScheduler = createTestScheduler();
      const calls: number[] = [];
      let counter!: ReturnType<typeof countingScheduler>;
      testScheduler.run(({ expectObservable }) => {
        counter = countingScheduler(testScheduler);
        const condition = () => calls.push(testScheduler.now()) === 3;
        expectObservable(pollUntil(condition, { interval: 0, scheduler: counter.scheduler })).toBe('(a|)', {
          a: undefined,
        });
      });
      expect(calls).toEqual([0, 0, 0]);
      expect(counter.scheduled).toBe(3);
    });
  });

  describe('scheduled actions', () => {
    it('should schedule one action per attempt and none for a tick collapsed into a slow attempt', () => {
      const testScheduler = createTestScheduler();
      let counter!: ReturnType<typeof countingScheduler>;
      testScheduler.run(({ expectObservable }) => {
        counter = countingScheduler(testScheduler);
        const condition = ({ attempt }: ConditionContext) =>
          attempt === 1 ? timer(25).pipe(map(() => false)) : attempt === 4;
        expectObservable(pollUntil(condition, { interval: 10, scheduler: counter.scheduler })).toBe('50ms (a|)', {
          a: undefined,
        });
      });
      // armed at 0 (for 10), at 35 (for 35: the ticks at 20 and 30 collapsed into one, due at
      // once but through the scheduler), at 35 (for 40) and at 40 (for 50)
      expect(counter.scheduled).toBe(4);
    });

    it('should arm a delay of exactly 2^31 - 1 ms in one piece', () => {
      const scheduler = new VirtualTimeScheduler();
      const counter = countingScheduler(scheduler);
      let calls = 0;
      exponentialBackoff(() => ++calls === 2, {
        duration: 2 ** 31 - 1,
        steps: 2,
        scheduler: counter.scheduler,
      }).subscribe();
      scheduler.flush();
      expect(calls).toBe(2);
      expect(counter.scheduled).toBe(1);
    });

    it('should leave nothing scheduled after a throwing onAttempt hook', () => {
      const testScheduler = createTestScheduler();
      let counter!: ReturnType<typeof countingScheduler>;
      const errors: unknown[] = [];
      const hookError = new Error('hook');
      testScheduler.run(() => {
        counter = countingScheduler(testScheduler);
        const onAttempt = () => {
          throw hookError;
        };
        pollImmediate(() => false, { interval: 10, onAttempt, scheduler: counter.scheduler }).subscribe({
          error: (e) => errors.push(e),
        });
        expect(counter.scheduled).toBe(0);
      });
      expect(errors).toEqual([hookError]);
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
        { attempt: 1, elapsed: 10, outcome: 'not-done', nextDelay: 10 },
        { attempt: 2, elapsed: 20, outcome: 'done' },
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
      expect(infos).toStrictEqual([{ attempt: 1, elapsed: 10, outcome: 'not-done' }]);
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

  describe('the context signal, read late', () => {
    it('should be aborted with the cause when first read after an interruption', async () => {
      const scheduler = new VirtualTimeScheduler();
      const contexts: ConditionContext[] = [];
      const controller = new AbortController();
      const reason = new Error('stop');
      pollImmediate((context) => (contexts.push(context), new Promise<boolean>(() => {})), {
        interval: 10,
        signal: controller.signal,
        scheduler,
      }).subscribe({ error: () => {} });
      controller.abort(reason);
      expect(contexts[0].signal.aborted).toBe(true);
      expect(contexts[0].signal.reason).toBe(reason);
    });

    it('should not be aborted when first read after a success', () => {
      const scheduler = new VirtualTimeScheduler();
      const contexts: ConditionContext[] = [];
      pollImmediate((context) => (contexts.push(context), true), { interval: 10, scheduler }).subscribe();
      expect(contexts[0].signal.aborted).toBe(false);
    });

    it('should be aborted with an AbortError named for the unsubscribe', () => {
      const testScheduler = createTestScheduler();
      const signals: AbortSignal[] = [];
      testScheduler.run(({ expectObservable }) => {
        expectObservable(
          pollImmediate(({ signal }) => (signals.push(signal), false), { interval: 10 }),
          '5ms !',
        ).toBe('');
      });
      expect(signals[0].reason).toMatchObject({ name: 'AbortError', message: 'The wait was unsubscribed' });
    });
  });

  describe('a thenable whose then throws', () => {
    it('should fail the wait with what then threw', () => {
      const testScheduler = createTestScheduler();
      const thrown = new Error('then broke');
      testScheduler.run(({ expectObservable }) => {
        const thenable = {
          then() {
            throw thrown;
          },
        };
        expectObservable(pollImmediate((() => thenable) as never, { interval: 10 })).toBe('#', undefined, thrown);
      });
    });

    it('should treat an object whose then is not a function as a plain (non-boolean) result', () => {
      const testScheduler = createTestScheduler();
      testScheduler.run(({ expectObservable }) => {
        expectObservable(pollImmediate((() => ({ then: 1 })) as never, { interval: 10 })).toBe(
          '#',
          undefined,
          expect.objectContaining({ name: 'TypeError', message: expect.stringContaining('returned an object') }),
        );
      });
    });

    it('should accept a thenable function (a callable with a then method)', async () => {
      const scheduler = new VirtualTimeScheduler();
      const done: string[] = [];
      const callable = Object.assign(() => undefined, {
        then: (resolve: (v: boolean) => void) => resolve(true),
      });
      pollImmediate((() => callable) as never, { interval: 10, scheduler }).subscribe({
        complete: () => done.push('ok'),
      });
      await Promise.resolve();
      expect(done).toEqual(['ok']);
    });
  });

  describe('Observable answers', () => {
    it('should settle once on a synchronous first value and unsubscribe from the rest', () => {
      const testScheduler = createTestScheduler();
      let teardowns = 0;
      let emitted = 0;
      testScheduler.run(({ expectObservable }) => {
        const answer = defer(() => {
          const values = of(false, true, true).pipe(map((v) => (emitted++, v)));
          return values;
        }).pipe((source) => {
          return new (source.constructor as typeof import('rxjs').Observable<boolean>)((subscriber) => {
            const subscription = source.subscribe(subscriber);
            return () => {
              teardowns += 1;
              subscription.unsubscribe();
            };
          });
        });
        expectObservable(pollUntil(() => answer, { interval: 10, timeout: 25 })).toBe(
          '25ms #',
          undefined,
          interruptedWith('TimeoutError'),
        );
      });
      expect(teardowns).toBe(2);
      expect(emitted).toBe(2); // one value per attempt: later values are not pulled
    });

    it('should stop an endless synchronous Observable after its first value', () => {
      function* forever() {
        for (;;) yield false;
      }
      const testScheduler = createTestScheduler();
      testScheduler.run(({ expectObservable }) => {
        expectObservable(pollUntil(() => from(forever()), { interval: 10, timeout: 25 })).toBe(
          '25ms #',
          undefined,
          interruptedWith('TimeoutError'),
        );
      });
    });

    it("should ignore an Observable's error after its first value", () => {
      const testScheduler = createTestScheduler();
      testScheduler.run(({ cold, expectObservable }) => {
        expectObservable(pollImmediate(() => cold('(t#)', { t: true }), { interval: 10 })).toBe('(a|)', {
          a: undefined,
        });
      });
    });
  });

  describe('backoff arithmetic', () => {
    it('should keep growing when the next duration equals the cap exactly', () => {
      expect(stepBackoff({ duration: 50, factor: 2, steps: 3, cap: 100 }).next).toMatchObject({
        duration: 100,
        steps: 2,
      });
      expect(stepBackoff({ duration: 60, factor: 2, steps: 3, cap: 100 }).next).toMatchObject({
        duration: 100,
        steps: 0,
      });
    });

    it("should treat cap 0 as no cap in 'decorrelated' mode", () => {
      expect(stepBackoff({ duration: 100, base: 100, jitterMode: 'decorrelated' }, () => 0.5).delay).toBe(200);
    });

    it('should accept cap equal to base in decorrelatedJitter', () => {
      expect(decorrelatedJitter({ base: 10, cap: 10 })).toMatchObject({ base: 10, cap: 10 });
    });

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
        expectObservable(
          cold('40ms #').pipe(backoffRetry({ duration: 10, steps: 2, resetAfter: 40 })),
          '^ 200ms !',
        ).toBe('');
      });
    });
  });

  describe('until and repeatUntil details', () => {
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

  describe('interruptOn messages', () => {
    it('should name the notifier in the AbortError it makes', () => {
      const testScheduler = createTestScheduler();
      const errors: InterruptedError[] = [];
      testScheduler.run(({ cold, hot }) => {
        cold('-a-b')
          .pipe(interruptOn(hot('--x')))
          .subscribe({ error: (e) => errors.push(e) });
      });
      expect(errors[0].message).toBe('The notifier interrupted the wait');
    });
  });

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
