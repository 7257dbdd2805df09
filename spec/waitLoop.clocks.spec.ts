/**
 * The clocks and schedulers the outside world hands the loop: a scheduler that wraps
 * `asyncScheduler`, a wall clock that steps, fake timers that fake `Date` and not
 * `performance` (or the other way round) while real time passes, and a slow `onAttempt`.
 * Whatever they do, the schedule and the deadline follow the timers that ran.
 */
import type { SchedulerAction, SchedulerLike } from 'rxjs';
import { asyncScheduler, Subscription } from 'rxjs';
import { firstValueFrom } from 'rxjs';
import { isDeadlineExceeded, pollUntil, until } from '../src';
import { PerturbedScheduler } from './support/perturbedScheduler';

/** Blocks the thread for `ms` of real time, whatever timers or clocks are faked. */
function spendRealTime(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * A scheduler that runs time `speed` times faster than `asyncScheduler`: its ms are
 * 1/speed real ms. Counts the calls of its own `schedule()`.
 */
function fastScheduler(speed: number): SchedulerLike & { scheduled: number } {
  const origin = asyncScheduler.now();
  const wrapper = {
    scheduled: 0,
    now: () => origin + (asyncScheduler.now() - origin) * speed,
    schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription {
      wrapper.scheduled += 1;
      return asyncScheduler.schedule(work, delay / speed, state);
    },
  };
  return wrapper;
}

describe('the loop and the clocks it is given', () => {
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  describe('a scheduler that wraps asyncScheduler', () => {
    it('should go through the wrapper for every tick, in its own units (10x faster)', () => {
      jest.useFakeTimers();
      const scheduler = fastScheduler(10);
      const start = Date.now();
      const calls: number[] = [];
      let error: unknown;
      pollUntil(() => calls.push(Date.now() - start) < 0, { interval: 100, timeout: 1000, scheduler }).subscribe({
        error: (e: unknown) => (error = e),
      });
      jest.advanceTimersByTime(99);
      // interval 100 of the wrapper's ms is 10 real ms: 9 calls before its 1000 ms deadline
      expect(calls).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90]);
      expect(error).toBeUndefined();
      jest.advanceTimersByTime(1);
      expect(isDeadlineExceeded(error)).toBe(true);
      expect(scheduler.scheduled).toBe(10); // nine ticks and the deadline, each through the wrapper
      expect(jest.getTimerCount()).toBe(0);
    });

    it('should go through the wrapper on real timers too', async () => {
      const scheduler = fastScheduler(10);
      let calls = 0;
      await firstValueFrom(pollUntil(() => ++calls === 5, { interval: 100, scheduler }));
      expect(calls).toBe(5);
      // every tick through the wrapper: a reused inner action would have waited 100 real ms
      expect(scheduler.scheduled).toBe(5);
    });
  });

  describe("a scheduler of the user's own, on fake timers", () => {
    beforeEach(() => jest.useFakeTimers());

    /**
     * A scheduler whose actions are its own, not RxJS's `AsyncAction`: each carries its
     * scheduler, and its `schedule()` does nothing, as RxJS's base `Action` does. With
     * `ignoreUnsubscribe`, its timers fire even after they were unsubscribed.
     */
    function ownScheduler(ignoreUnsubscribe = false) {
      const self = {
        scheduled: 0,
        now: () => Date.now(),
        schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription {
          self.scheduled += 1;
          const id = setTimeout(() => work.call(action, state), delay);
          const action = Object.assign(new Subscription(() => ignoreUnsubscribe || clearTimeout(id)), {
            scheduler: self,
            schedule: () => action,
          }) as unknown as SchedulerAction<T>;
          return action;
        },
      };
      return self;
    }

    it('should arm every tick through its schedule(), never by rescheduling an action that is not RxJS’s', () => {
      const scheduler = ownScheduler();
      const start = Date.now();
      const calls: number[] = [];
      pollUntil(() => calls.push(Date.now() - start) === 3, { interval: 10, scheduler }).subscribe();
      jest.advanceTimersByTime(100);
      expect(calls).toEqual([10, 20, 30]);
      expect(scheduler.scheduled).toBe(3);
    });

    it('should call nothing after the outcome when its timers fire although unsubscribed', async () => {
      const scheduler = ownScheduler(true);
      const start = Date.now();
      const calls: number[] = [];
      const outcomes: string[] = [];
      pollUntil(
        (context) => {
          calls.push(Date.now() - start);
          return new Promise<boolean>((resolve) => setTimeout(() => resolve(context.signal.aborted), 3));
        },
        { interval: 10, timeout: 25, scheduler },
      ).subscribe({ error: (e: Error) => outcomes.push(`${e.name} at ${Date.now() - start}`) });
      await jest.advanceTimersByTimeAsync(200);
      // the deadline at 25 ends it; the tick armed for 30 still fires, and must find the wait over
      expect(calls).toEqual([10, 20]);
      expect(outcomes).toEqual(['InterruptedError at 25']);

      // the same after an unsubscribe, which no deadline check in the tick would catch
      const again = Date.now();
      calls.length = 0;
      const subscription = pollUntil(() => (calls.push(Date.now() - again), false), {
        interval: 10,
        scheduler,
      }).subscribe();
      await jest.advanceTimersByTimeAsync(15);
      subscription.unsubscribe();
      await jest.advanceTimersByTimeAsync(100);
      expect(calls).toEqual([10]);
    });
  });

  describe('a wall clock that steps', () => {
    it('should not end the wait when Date jumps an hour ahead (pollUntil), on fake timers', () => {
      jest.useFakeTimers();
      const origin = performance.now();
      const calls: number[] = [];
      let completedAt: number | undefined;
      pollUntil(() => calls.push(performance.now() - origin) === 10, { interval: 20, timeout: 10_000 }).subscribe({
        complete: () => (completedAt = performance.now() - origin),
      });
      jest.advanceTimersByTime(50);
      jest.setSystemTime(Date.now() + 3_600_000); // performance.now() does not move
      jest.advanceTimersByTime(1000);
      expect(calls).toEqual([20, 40, 60, 80, 100, 120, 140, 160, 180, 200]);
      expect(completedAt).toBe(200);
    });

    it('should keep an until running to its timeout when Date jumps ahead', () => {
      jest.useFakeTimers();
      const runs: number[] = [];
      const origin = performance.now();
      let completedAt: number | undefined;
      until(() => runs.push(performance.now() - origin), { period: 20, timeout: 100 }).subscribe({
        complete: () => (completedAt = performance.now() - origin),
      });
      jest.advanceTimersByTime(50);
      jest.setSystemTime(Date.now() + 3_600_000);
      jest.advanceTimersByTime(1000);
      expect(runs).toEqual([0, 20, 40, 60, 80]);
      expect(completedAt).toBe(100);
    });

    it('should follow the timers on real timers while Date stands still (performance real)', async () => {
      const frozen = Date.now();
      jest.spyOn(Date, 'now').mockReturnValue(frozen);
      let calls = 0;
      const started = performance.now();
      const error = await firstValueFrom(pollUntil(() => ++calls < 0, { interval: 10, timeout: 50 })).catch(
        (e: unknown) => e,
      );
      // The clocks disagree at every reading: only the timers that fired move the wait, so it
      // ends by its deadline's own timer, neither early nor never. Ticks at 10, 20, 30, 40 (a
      // loaded machine may run the deadline's timer before the last of them).
      expect(isDeadlineExceeded(error)).toBe(true);
      expect(calls).toBeGreaterThanOrEqual(1);
      expect(calls).toBeLessThanOrEqual(4);
      expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    });

    it('should not end the wait when Date jumps an hour ahead, on real timers', async () => {
      const realNow = Date.now.bind(Date);
      let jump = 0;
      jest.spyOn(Date, 'now').mockImplementation(() => realNow() + jump);
      setTimeout(() => (jump = 3_600_000), 50);
      let calls = 0;
      const started = performance.now();
      await firstValueFrom(pollUntil(() => ++calls === 8, { interval: 20, timeout: 10_000 }));
      expect(calls).toBe(8);
      expect(performance.now() - started).toBeGreaterThanOrEqual(150);
    });
  });

  describe('fake timers with real time passing between advances (a slow CI box, a debugger)', () => {
    it.each([
      ['modern, everything faked', {}],
      ['modern with a real Date', { doNotFake: ['Date'] as const }],
      ['modern with a real performance (as older vitest)', { doNotFake: ['performance'] as const }],
    ])('should follow fake time exactly: jest %s', (_name, config) => {
      jest.useFakeTimers(config as Parameters<typeof jest.useFakeTimers>[0]);
      let calls = 0;
      let error: unknown;
      pollUntil(() => ++calls < 0, { interval: 10, timeout: 100 }).subscribe({ error: (e: unknown) => (error = e) });
      spendRealTime(150);
      jest.advanceTimersByTime(15);
      expect(calls).toBe(1);
      spendRealTime(60);
      jest.advanceTimersByTime(84);
      expect(calls).toBe(9);
      expect(error).toBeUndefined();
      jest.advanceTimersByTime(1);
      expect(isDeadlineExceeded(error)).toBe(true);
      expect(jest.getTimerCount()).toBe(0);
    });

    it('should keep the instants of an async condition on modern timers with a real Date', async () => {
      jest.useFakeTimers({ doNotFake: ['Date'] });
      const origin = performance.now();
      const calls: number[] = [];
      let error: unknown;
      pollUntil(async () => calls.push(performance.now() - origin) < 0, { interval: 10, timeout: 40 }).subscribe({
        error: (e: unknown) => (error = e),
      });
      spendRealTime(150);
      await jest.advanceTimersByTimeAsync(5);
      spendRealTime(30);
      await jest.advanceTimersByTimeAsync(40);
      expect(calls).toEqual([10, 20, 30]);
      expect(isDeadlineExceeded(error)).toBe(true);
    });

    it('is why legacy fake timers are not supported: they fake neither clock, and real time counts', () => {
      jest.useFakeTimers({ legacyFakeTimers: true });
      let calls = 0;
      let error: unknown;
      pollUntil(() => ++calls < 0, { interval: 10, timeout: 100 }).subscribe({ error: (e: unknown) => (error = e) });
      spendRealTime(150);
      jest.advanceTimersByTime(10);
      // both clocks say 150 ms have passed: the first fake tick finds the deadline gone
      expect(calls).toBe(0);
      expect(isDeadlineExceeded(error)).toBe(true);
    });
  });

  describe('a slow onAttempt', () => {
    it('should not shift a fixed-rate schedule: the next tick is armed after the hook, for the time decided', () => {
      const clock = new PerturbedScheduler();
      const calls: number[] = [];
      const subscription = pollUntil(() => calls.push(clock.trueTime) === 4, {
        interval: 50,
        scheduler: clock,
        onAttempt: () => clock.spend(30),
      }).subscribe();
      clock.flush(100);
      subscription.unsubscribe();
      expect(calls).toEqual([50, 100, 150, 200]);
    });
  });
});
