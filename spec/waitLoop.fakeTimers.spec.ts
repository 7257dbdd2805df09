/**
 * The loop on `asyncScheduler` as it really runs (RxJS's `AsyncAction` on `setInterval`),
 * under jest's fake timers, so that instants and timer calls are exact. A tick armed from
 * inside the tick that fired reuses that action and, with the same delay, its interval.
 */
import { asyncScheduler } from 'rxjs';
import { pollUntil, until } from '../src';

describe('the fired action, reused on asyncScheduler', () => {
  let setIntervalSpy: jest.SpyInstance;
  let clearIntervalSpy: jest.SpyInstance;
  let start: number;

  beforeEach(() => {
    jest.useFakeTimers();
    setIntervalSpy = jest.spyOn(globalThis, 'setInterval');
    clearIntervalSpy = jest.spyOn(globalThis, 'clearInterval');
    start = Date.now();
  });

  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('should keep one interval for a fixed-rate poll whose attempts settle at once', () => {
    const calls: number[] = [];
    const events: string[] = [];
    pollUntil(() => calls.push(Date.now() - start) === 5, { interval: 10 }).subscribe({
      complete: () => events.push(`complete at ${Date.now() - start}`),
    });
    jest.advanceTimersByTime(100);
    expect(calls).toEqual([10, 20, 30, 40, 50]);
    expect(events).toEqual(['complete at 50']);
    expect(setIntervalSpy).toHaveBeenCalledTimes(1);
    expect(clearIntervalSpy).toHaveBeenCalledTimes(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('should start a new timer when time moved during the attempt, so the next is not early', () => {
    const calls: number[] = [];
    pollUntil(
      () => {
        calls.push(Date.now() - start);
        if (calls.length === 2) jest.advanceTimersByTime(3); // the attempt takes 3 ms
        return calls.length === 4;
      },
      { interval: 10, sliding: true },
    ).subscribe();
    jest.advanceTimersByTime(100);
    // sliding: 10 ms after each attempt ends; the second ends at 23
    expect(calls).toEqual([10, 20, 33, 43]);
    expect(setIntervalSpy).toHaveBeenCalledTimes(2);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('should keep the grid of the timers when Date is set 3 ms ahead (a step of the wall clock, not late timers)', () => {
    const calls: number[] = [];
    const monotonic: number[] = [];
    const origin = performance.now();
    pollUntil(
      () => {
        calls.push(Date.now() - start);
        monotonic.push(performance.now() - origin);
        // Date jumps; performance.now() and the timers do not
        if (calls.length === 2) jest.setSystemTime(Date.now() + 3);
        return calls.length === 5;
      },
      { interval: 10 },
    ).subscribe();
    jest.advanceTimersByTime(100);
    // the loop counts only what both clocks agree on: the ticks stay at 30, 40, 50
    expect(monotonic).toEqual([10, 20, 30, 40, 50]);
    expect(calls).toEqual([10, 20, 33, 43, 53]);
    expect(setIntervalSpy).toHaveBeenCalledTimes(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('should call once per tick when the clock reads 1 ms early (reused interval, no double call)', () => {
    const calls: number[] = [];
    const subscription = pollUntil(
      () => {
        calls.push(Date.now() - start);
        // from here on every timer fires when the clock still reads 1 ms before it
        if (calls.length === 1) jest.setSystemTime(Date.now() - 1);
        return false;
      },
      { interval: 10 },
    ).subscribe();
    jest.advanceTimersByTime(50);
    subscription.unsubscribe();
    expect(calls).toEqual([10, 19, 29, 39, 49]); // one call per 10 ms of timers
    expect(setIntervalSpy).toHaveBeenCalledTimes(1); // the loop's own clock treats them as on time
    expect(jest.getTimerCount()).toBe(0);
  });

  it('should clear the reused interval on unsubscribe', () => {
    let calls = 0;
    const subscription = pollUntil(() => (calls++, false), { interval: 10 }).subscribe();
    jest.advanceTimersByTime(35);
    subscription.unsubscribe();
    jest.advanceTimersByTime(100);
    expect(calls).toBe(3);
    expect(setIntervalSpy).toHaveBeenCalledTimes(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('should make a new timer when the delay changes (until with jitter), keeping the instants', () => {
    const runs: number[] = [];
    const random = [0, 0.5, 0, 0];
    let draw = 0;
    const subscription = until(() => runs.push(Date.now() - start), {
      period: 10,
      jitterFactor: 1,
      random: () => random[draw++ % random.length],
      scheduler: asyncScheduler,
    }).subscribe();
    jest.advanceTimersByTime(46);
    subscription.unsubscribe();
    // periods 10, 15, 10, 10: runs at 0, 10, 25, 35, 45
    expect(runs).toEqual([0, 10, 25, 35, 45]);
    // the first tick's own interval, a new one for 15, one more back to 10
    expect(setIntervalSpy).toHaveBeenCalledTimes(3);
    expect(jest.getTimerCount()).toBe(0);
  });
});
