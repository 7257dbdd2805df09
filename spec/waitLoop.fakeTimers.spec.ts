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

/**
 * A Promise condition settles after its tick has run, so the tick cannot reuse the fired
 * action in its run: the loop parks it (rescheduled with its own delay, so the interval
 * goes on) and the settled attempt claims it, moves it or leaves it to fire unclaimed.
 * The instants are the loop's as before; what changed is the timers it takes.
 */
describe('the fired action, parked while a promise is in flight', () => {
  let setIntervalSpy: jest.SpyInstance;
  let start: number;

  beforeEach(() => {
    jest.useFakeTimers();
    setIntervalSpy = jest.spyOn(globalThis, 'setInterval');
    start = Date.now();
  });

  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  /** A promise that resolves to `value` after `ms` of (fake) time, or at once. */
  const after = <T>(ms: number, value: T) =>
    ms === 0 ? Promise.resolve(value) : new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

  it('should keep one interval for a fixed-rate poll whose promises settle within the interval', async () => {
    for (const takes of [0, 3]) {
      setIntervalSpy.mockClear();
      start = Date.now();
      const calls: number[] = [];
      const events: string[] = [];
      pollUntil(() => after(takes, calls.push(Date.now() - start) === 5), { interval: 10 }).subscribe({
        complete: () => events.push(`complete at ${Date.now() - start}`),
      });
      await jest.advanceTimersByTimeAsync(100);
      expect(calls).toEqual([10, 20, 30, 40, 50]);
      expect(events).toEqual([`complete at ${50 + takes}`]);
      expect(setIntervalSpy).toHaveBeenCalledTimes(1);
      expect(jest.getTimerCount()).toBe(0);
    }
  });

  it('should let a parked timer that fires while the promise is still out pass unclaimed, and go on when it settles', async () => {
    const calls: number[] = [];
    const subscription = pollUntil(() => after(15, (calls.push(Date.now() - start), false)), {
      interval: 10,
    }).subscribe();
    await jest.advanceTimersByTimeAsync(70);
    subscription.unsubscribe();
    // each attempt takes 15 ms: its tick (due 10 ms after it began) has passed when it
    // settles, so the next attempt is due at once, as Go's fixed rate has it; it still
    // goes through the scheduler, and a zero-delay interval fires 1 ms on (Node's least)
    expect(calls).toEqual([10, 26, 42, 58]);
    expect(jest.getTimerCount()).toBe(1); // the condition's own 15 ms timer, due at 73
    await jest.advanceTimersByTimeAsync(3);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('should call once per tick with a promise when the clock reads 1 ms early, or Date steps, keeping the interval', async () => {
    const calls: number[] = [];
    const subscription = pollUntil(
      () => {
        calls.push(Date.now() - start);
        // from the first call on every timer fires when the clock still reads 1 ms before
        // it; at the third, Date jumps 5 s ahead (performance.now() and the timers do not)
        if (calls.length === 1) jest.setSystemTime(Date.now() - 1);
        if (calls.length === 3) jest.setSystemTime(Date.now() + 5000);
        return after(0, false);
      },
      { interval: 10, timeout: 1000 },
    ).subscribe();
    await jest.advanceTimersByTimeAsync(50);
    subscription.unsubscribe();
    expect(calls).toEqual([10, 19, 29, 5039, 5049]); // one call per 10 ms of timers, no early end
    expect(setIntervalSpy.mock.calls.filter(([, ms]) => ms === 10)).toHaveLength(1); // the parked interval, kept
    expect(jest.getTimerCount()).toBe(0);
  });

  it('should keep an interval longer than one timer holds (2^31 - 1 ms) exact, tick after tick, sync or promise', async () => {
    // a reused or parked action is rescheduled in parts too: a delay over 2^31 - 1 ms given
    // to setInterval fires at once (Node's TimeoutOverflowWarning; fake timers do the same)
    const interval = 2 ** 31 + 5_000;
    for (const kind of ['sync', 'promise']) {
      start = Date.now();
      const calls: number[] = [];
      const condition = () => (calls.push(Date.now() - start), kind === 'sync' ? false : Promise.resolve(false));
      const subscription = pollUntil(condition, { interval }).subscribe();
      await jest.advanceTimersByTimeAsync(3 * interval + 10);
      subscription.unsubscribe();
      expect([kind, calls]).toEqual([kind, [interval, 2 * interval, 3 * interval]]);
      expect(jest.getTimerCount()).toBe(0);
    }
  });

  it('should not park the tick when time moved during the attempt: a sliding poll counts from its end', async () => {
    const calls: number[] = [];
    pollUntil(
      () => {
        calls.push(Date.now() - start);
        jest.advanceTimersByTime(3); // the attempt's synchronous part takes 3 ms
        return Promise.resolve(calls.length === 3);
      },
      { interval: 10, sliding: true },
    ).subscribe();
    await jest.advanceTimersByTimeAsync(100);
    expect(calls).toEqual([10, 23, 36]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('should move the parked action to the time a sliding poll or a backoff decides', async () => {
    const calls: number[] = [];
    pollUntil(() => after(3, calls.push(Date.now() - start) === 4), { interval: 10, sliding: true }).subscribe();
    await jest.advanceTimersByTimeAsync(100);
    // sliding: 10 ms after each 3 ms attempt ends
    expect(calls).toEqual([10, 23, 36, 49]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('should leave no timer when a parked wait ends: unsubscribed, aborted in flight, or at its deadline', async () => {
    let signal: AbortSignal | undefined;
    const subscription = pollUntil(
      (context) => {
        signal = context.signal;
        return after(5, false);
      },
      { interval: 10 },
    ).subscribe();
    await jest.advanceTimersByTimeAsync(12); // the first attempt is in flight, its tick parked
    expect(jest.getTimerCount()).toBe(2); // the parked tick and the promise's own 5 ms
    subscription.unsubscribe();
    expect(signal?.aborted).toBe(true);
    await jest.advanceTimersByTimeAsync(10);
    expect(jest.getTimerCount()).toBe(0);

    // the next attempt would come after the deadline: the parked tick fires unclaimed
    const calls: number[] = [];
    const errors: string[] = [];
    start = Date.now();
    pollUntil(() => after(2, (calls.push(Date.now() - start), false)), { interval: 10, timeout: 25 }).subscribe({
      error: (error: Error) => errors.push(`${error.name} at ${Date.now() - start}`),
    });
    await jest.advanceTimersByTimeAsync(60);
    expect(calls).toEqual([10, 20]);
    expect(errors).toEqual(['InterruptedError at 25']);
    expect(jest.getTimerCount()).toBe(0);
  });
});
