/**
 * The shared loop on real clocks: what every operator must do when timers fire late, a
 * millisecond early by now(), or while now() stands still or goes back. Each case runs on
 * the PerturbedScheduler (true time apart from the clock) or on jest's fake timers.
 */
import type { Observable } from 'rxjs';
import { NEVER, VirtualTimeScheduler, defer, map, of, queueScheduler, throwError, timer } from 'rxjs';
import type { ConditionContext } from '../src';
import {
  backoffRetry,
  exponentialBackoff,
  interruptOn,
  isCanceled,
  isDeadlineExceeded,
  pollImmediate,
  pollUntil,
  until,
} from '../src';
import { countingScheduler, createTestScheduler, interruptedWith } from './helpers';
import { PerturbedScheduler } from './support/perturbedScheduler';

/** Subscribes and records, in the scheduler's true time, every value and the one ending. */
function record<T>(clock: PerturbedScheduler, source: Observable<T>) {
  const log = { values: [] as T[], error: undefined as unknown, endedAt: NaN, completed: false };
  source.subscribe({
    next: (value) => log.values.push(value),
    error: (error: unknown) => {
      log.error = error;
      log.endedAt = clock.trueTime;
    },
    complete: () => {
      log.completed = true;
      log.endedAt = clock.trueTime;
    },
  });
  return log;
}

describe('the wait loop on real clocks', () => {
  describe('a late tick', () => {
    // the event loop is busy from 50 to 250 ms: the tick due at 100 fires at 250, past the deadline at 150
    const busy = (clock: PerturbedScheduler) => clock.at(50, () => clock.spend(200));

    it('should not call the condition once the deadline has passed (pollUntil)', () => {
      const clock = new PerturbedScheduler();
      busy(clock);
      const calls: number[] = [];
      const condition = () => calls.push(clock.trueTime) > 0;
      const log = record(clock, pollUntil(condition, { interval: 100, timeout: 150, scheduler: clock }));
      clock.flush();
      expect(calls).toEqual([]);
      expect(log.error).toEqual(interruptedWith('TimeoutError'));
      expect(log.endedAt).toBe(250);
    });

    it('should not re-subscribe the source once the deadline has passed (backoffRetry)', () => {
      const clock = new PerturbedScheduler();
      busy(clock);
      const subscriptions: number[] = [];
      const source = defer(() => {
        subscriptions.push(clock.trueTime);
        return throwError(() => new Error('503'));
      });
      const log = record(clock, source.pipe(backoffRetry({ duration: 100, steps: 3, timeout: 150, scheduler: clock })));
      clock.flush();
      expect(subscriptions).toEqual([0]);
      expect(log.error).toEqual(interruptedWith('TimeoutError'));
      expect(log.endedAt).toBe(250);
    });

    it('should not run the job once the timeout has passed (until)', () => {
      const clock = new PerturbedScheduler();
      busy(clock);
      const runs: number[] = [];
      const log = record(
        clock,
        until(() => runs.push(clock.trueTime), { period: 100, timeout: 150, scheduler: clock }),
      );
      clock.flush();
      expect(runs).toEqual([0]);
      expect(log.values).toEqual([1]);
      expect(log.completed).toBe(true);
      expect(log.endedAt).toBe(250);
    });
  });

  describe('a tick that reads the clock 1 ms early', () => {
    it('should make exactly one call per fixed-rate tick', () => {
      const clock = new PerturbedScheduler({ early: 1 });
      const calls: number[] = [];
      const condition = () => calls.push(clock.trueTime) < 0;
      const log = record(clock, pollUntil(condition, { interval: 50, timeout: 3000, scheduler: clock }));
      clock.flush();
      expect(calls).toEqual(Array.from({ length: 59 }, (_, i) => 50 * (i + 1)));
      expect(log.error).toEqual(interruptedWith('TimeoutError'));
      expect(log.endedAt).toBe(3000);
    });
  });

  describe('the deadline', () => {
    it('should be timed from after the synchronous part of an attempt left in flight', () => {
      const clock = new PerturbedScheduler();
      const condition = () => {
        clock.spend(300); // busy for 300 ms, then still pending
        return NEVER;
      };
      const log = record(clock, pollImmediate(condition, { interval: 10, timeout: 500, scheduler: clock }));
      clock.flush();
      expect(log.error).toEqual(interruptedWith('TimeoutError'));
      expect(log.endedAt).toBe(500);
    });

    it('should pass under a frozen now(), with synchronous attempts', () => {
      const clock = new PerturbedScheduler({ frozen: true });
      const calls: number[] = [];
      const log = record(
        clock,
        pollUntil(() => calls.push(clock.trueTime) < 0, { interval: 10, timeout: 100, scheduler: clock }),
      );
      clock.flush(10_000);
      expect(calls).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90]);
      expect(log.error).toEqual(interruptedWith('TimeoutError'));
      expect(log.endedAt).toBe(100);
    });

    it('should pass under a frozen now(), with attempts that take time the clock does not show', () => {
      const clock = new PerturbedScheduler({ frozen: true });
      const calls: number[] = [];
      const condition = () => {
        calls.push(clock.trueTime);
        return timer(25, clock).pipe(map(() => false));
      };
      const log = record(clock, pollImmediate(condition, { interval: 10, timeout: 100, scheduler: clock }));
      clock.flush(10_000);
      expect(log.error).toEqual(interruptedWith('TimeoutError'));
      expect(log.endedAt).toBe(100);
      // attempts never overlap and none starts at or after the deadline
      expect(calls).toEqual([0, 35, 70]);
    });

    it('should pass on time when the wall clock is set back', () => {
      const clock = new PerturbedScheduler();
      clock.at(45, () => (clock.offset = -3_600_000));
      const calls: number[] = [];
      const log = record(
        clock,
        pollUntil(() => calls.push(clock.trueTime) < 0, { interval: 10, timeout: 100, scheduler: clock }),
      );
      clock.flush(10_000);
      expect(calls).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90]);
      expect(log.endedAt).toBe(100);
    });

    it.each([
      ['modern fake timers without Date', { doNotFake: ['Date'] as const }],
      ['modern fake timers', {}],
      // (legacy fake timers fake neither clock: spec/waitLoop.clocks.spec.ts shows why they are not supported)
    ])('should pass with jest %s and the default scheduler', (_name, config) => {
      jest.useFakeTimers(config as Parameters<typeof jest.useFakeTimers>[0]);
      try {
        let calls = 0;
        let error: unknown;
        pollUntil(() => ++calls < 0, { interval: 10, timeout: 100 }).subscribe({ error: (e: unknown) => (error = e) });
        jest.advanceTimersByTime(99);
        expect(calls).toBe(9);
        expect(error).toBeUndefined();
        jest.advanceTimersByTime(1);
        expect(calls).toBe(9);
        expect(isDeadlineExceeded(error)).toBe(true);
        expect(jest.getTimerCount()).toBe(0);
      } finally {
        jest.useRealTimers();
      }
    });
  });

  describe('a deadline longer than one timer allows (2^31 - 1 ms, about 24.8 days)', () => {
    it('should arm it in parts and pass exactly on time, with an attempt in flight', () => {
      const testScheduler = createTestScheduler();
      const timeout = 2 ** 31 - 1 + 1000;
      let counter!: ReturnType<typeof countingScheduler>;
      testScheduler.run(({ expectObservable }) => {
        counter = countingScheduler(testScheduler);
        expectObservable(pollImmediate(() => NEVER, { interval: 10, timeout, scheduler: counter.scheduler })).toBe(
          `${timeout}ms #`,
          undefined,
          interruptedWith('TimeoutError'),
        );
      });
      // 2^31 - 1 ms, then the last 1000 ms, then one yield in that instant (an attempt is in flight)
      expect(counter.scheduled).toBe(3);
      expect(counter.pending).toBe(0);
    });
  });

  describe('a scheduler that runs zero-delay actions inside schedule() (queueScheduler)', () => {
    it('should leave no deadline timer behind after success', async () => {
      const counter = countingScheduler(queueScheduler);
      const condition = ({ attempt }: ConditionContext) => (attempt === 1 ? false : Promise.resolve(true));
      let completed = false;
      pollUntil(condition, { interval: 0, timeout: 60_000, scheduler: counter.scheduler }).subscribe({
        complete: () => (completed = true),
      });
      expect(counter.pending).toBe(1); // the deadline, while the promise is pending
      await Promise.resolve();
      expect(completed).toBe(true);
      expect(counter.pending).toBe(0);
    });

    it('should leave no tick behind when an action run inside schedule() arms a later one', () => {
      // retryAfter 0: the retry runs inside schedule(); it fails again and arms a 1 s wait
      const counter = countingScheduler(queueScheduler);
      let subscriptions = 0;
      const source = defer(() => {
        subscriptions++;
        return throwError(() => new Error('503'));
      });
      const retryAfter = () => (subscriptions === 1 ? 0 : undefined);
      const subscription = source
        .pipe(backoffRetry({ duration: 1000, steps: 5, retryAfter, scheduler: counter.scheduler }))
        .subscribe({ error: () => undefined });
      expect(subscriptions).toBe(2);
      expect(counter.pending).toBe(1); // the 1 s wait
      subscription.unsubscribe();
      expect(counter.pending).toBe(0);
    });
  });

  describe('the condition context', () => {
    it('should keep signal through a spread, destructuring and JSON', () => {
      const testScheduler = createTestScheduler();
      const seen: { copy: ConditionContext; keys: string[]; json: string; signal: AbortSignal }[] = [];
      testScheduler.run(({ expectObservable }) => {
        const condition = (context: ConditionContext) => {
          const { signal } = context;
          seen.push({ copy: { ...context }, keys: Object.keys(context), json: JSON.stringify(context), signal });
          return context.attempt === 2;
        };
        expectObservable(pollImmediate(condition, { interval: 10 })).toBe('10ms (a|)', { a: undefined });
      });
      expect(seen).toHaveLength(2);
      expect(seen[0].keys).toEqual(['attempt', 'signal']);
      expect(seen[0].copy.signal).toBeInstanceOf(AbortSignal);
      expect(seen[0].copy.signal).toBe(seen[0].signal);
      expect(seen[1].copy).toEqual({ attempt: 2, signal: seen[0].signal });
      expect(JSON.parse(seen[0].json)).toEqual({ attempt: 1, signal: {} });
    });
  });

  describe('on a runtime without DOMException', () => {
    const saved = globalThis.DOMException;
    beforeEach(() => {
      delete (globalThis as { DOMException?: unknown }).DOMException;
    });
    afterEach(() => {
      globalThis.DOMException = saved;
    });

    it('should time out with an Error named TimeoutError', () => {
      const testScheduler = createTestScheduler();
      testScheduler.run(({ expectObservable }) => {
        expectObservable(pollUntil(() => false, { interval: 10, timeout: 25 })).toBe(
          '25ms #',
          undefined,
          interruptedWith('TimeoutError'),
        );
      });
      let error: unknown;
      const clock = new PerturbedScheduler();
      pollUntil(() => false, { interval: 10, timeout: 25, scheduler: clock }).subscribe({ error: (e) => (error = e) });
      clock.flush();
      expect(isDeadlineExceeded(error)).toBe(true);
      expect((error as Error).message).toBe('The wait timed out after 25 ms');
    });

    it('should abort the context signal with an Error named AbortError on unsubscribe', () => {
      const clock = new PerturbedScheduler();
      let signal!: AbortSignal;
      const subscription = pollImmediate(
        (context) => {
          signal = context.signal;
          return false;
        },
        { interval: 10, scheduler: clock },
      ).subscribe();
      subscription.unsubscribe();
      expect(signal.aborted).toBe(true);
      expect(isCanceled(signal.reason)).toBe(true);
    });

    it('should interrupt on a notifier with an Error named AbortError', () => {
      let error: unknown;
      NEVER.pipe(interruptOn(of('stop'))).subscribe({ error: (e) => (error = e) });
      expect(isCanceled(error)).toBe(true);
    });
  });
});

describe('exponentialBackoff on real clocks', () => {
  it('should not start an attempt once the deadline has passed', () => {
    const clock = new PerturbedScheduler();
    clock.at(5, () => clock.spend(100));
    const calls: number[] = [];
    const log = record(
      clock,
      exponentialBackoff(() => calls.push(clock.trueTime) < 0, {
        duration: 10,
        steps: 5,
        timeout: 50,
        scheduler: clock,
      }),
    );
    clock.flush();
    expect(calls).toEqual([0]);
    expect(log.error).toEqual(interruptedWith('TimeoutError'));
    expect(log.endedAt).toBe(105);
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
