import { VirtualTimeScheduler, defer } from 'rxjs';
import { backoffRetry, isDeadlineExceeded, pollUntil } from '../src';
import { flushSettled, sequenceRandom } from '../src/testing';
import { createTestScheduler } from './helpers';

describe('sequenceRandom', () => {
  it('should return the values in turn, then repeat the last', () => {
    const random = sequenceRandom([0.1, 0.5, 0.9]);
    expect([random(), random(), random(), random(), random()]).toEqual([0.1, 0.5, 0.9, 0.9, 0.9]);
  });

  it('should not see later changes to the array it was given', () => {
    const values = [0.2];
    const random = sequenceRandom(values);
    values[0] = 0.7;
    expect(random()).toBe(0.2);
  });

  it('should reject an empty list and values outside [0, 1)', () => {
    expect(() => sequenceRandom([])).toThrow(
      new TypeError('Expected `values` to be a non-empty array of numbers in [0, 1), got an array'),
    );
    expect(() => sequenceRandom(undefined as never)).toThrow(
      new TypeError('Expected `values` to be a non-empty array of numbers in [0, 1), got undefined'),
    );
    expect(() => sequenceRandom([0.5, 1])).toThrow(
      new RangeError('Expected `values[1]` to be a number in [0, 1), got 1'),
    );
    expect(() => sequenceRandom([-0.1])).toThrow(RangeError);
    expect(() => sequenceRandom([NaN])).toThrow(RangeError);
    expect(() => sequenceRandom(['0.5' as never])).toThrow(
      new TypeError('Expected `values[0]` to be a number in [0, 1), got "0.5"'),
    );
  });

  it('should make the recipe in its docs come true: delays 11 and 26', () => {
    const testScheduler = createTestScheduler();
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('#');
      const random = sequenceRandom([0.2, 0.6]);
      expectObservable(source.pipe(backoffRetry({ duration: 10, factor: 2, jitter: 0.5, steps: 3, random }))).toBe(
        '37ms #',
      );
      expectSubscriptions(source.subscriptions).toBe(['(^!)', '11ms (^!)', '37ms (^!)']);
    });
  });
});

describe('flushSettled', () => {
  const ready = (calls: number[], scheduler: VirtualTimeScheduler, on: number) => async () => {
    calls.push(scheduler.now());
    await Promise.resolve(); // a mocked fetch: settles without real time passing
    return calls.length === on;
  };

  it('should run a Promise-condition poll with a timeout at exact instants', async () => {
    const scheduler = new VirtualTimeScheduler();
    const calls: number[] = [];
    let endedAt = -1;
    pollUntil(ready(calls, scheduler, 3), { interval: 10, timeout: 100, scheduler }).subscribe({
      complete: () => (endedAt = scheduler.now()),
    });
    await flushSettled(scheduler);
    expect(calls).toEqual([10, 20, 30]);
    expect(endedAt).toBe(30);
    expect(scheduler.actions).toHaveLength(0);
  });

  it('should reach the deadline at its instant after the attempts that fit', async () => {
    const scheduler = new VirtualTimeScheduler();
    const calls: number[] = [];
    let error: unknown;
    pollUntil(ready(calls, scheduler, 99), { interval: 20, timeout: 110, scheduler }).subscribe({
      error: (e: unknown) => (error = e),
    });
    await flushSettled(scheduler);
    expect(calls).toEqual([20, 40, 60, 80, 100]);
    expect(isDeadlineExceeded(error)).toBe(true);
  });

  it('should be what a plain flush() is not: flush() reaches the deadline before the first promise settles', async () => {
    const scheduler = new VirtualTimeScheduler();
    const calls: number[] = [];
    let error: unknown;
    pollUntil(ready(calls, scheduler, 3), { interval: 10, timeout: 100, scheduler }).subscribe({
      error: (e: unknown) => (error = e),
    });
    scheduler.flush();
    await Promise.resolve();
    expect(calls).toEqual([10]);
    expect(isDeadlineExceeded(error)).toBe(true);
  });

  it('should run a backoffRetry over an async job with exact delays', async () => {
    const scheduler = new VirtualTimeScheduler();
    const subscribed: number[] = [];
    const job = async () => {
      subscribed.push(scheduler.now());
      await Promise.resolve();
      if (subscribed.length < 3) throw new Error('503');
      return 'ok';
    };
    const values: string[] = [];
    defer(job)
      .pipe(backoffRetry({ duration: 10, factor: 2, steps: 5, scheduler }))
      .subscribe((value) => values.push(value));
    await flushSettled(scheduler);
    expect(subscribed).toEqual([0, 10, 30]);
    expect(values).toEqual(['ok']);
  });

  it('should keep working under fake timers installed after it was loaded', async () => {
    jest.useFakeTimers();
    try {
      const scheduler = new VirtualTimeScheduler();
      const calls: number[] = [];
      let done = false;
      pollUntil(ready(calls, scheduler, 2), { interval: 5, scheduler }).subscribe({ complete: () => (done = true) });
      await flushSettled(scheduler);
      expect(calls).toEqual([5, 10]);
      expect(done).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });

  it('should stop a wait that never ends after `limit` instants, and leave maxFrames as it was', async () => {
    const scheduler = new VirtualTimeScheduler(undefined, 1000);
    const subscription = pollUntil(async () => false, { interval: 1, scheduler }).subscribe();
    await expect(flushSettled(scheduler, { limit: 50 })).rejects.toThrow(
      'flushSettled: 50 instants ran and actions are left (a wait that never ends?)',
    );
    expect(scheduler.now()).toBe(50);
    expect(scheduler.maxFrames).toBe(1000);
    subscription.unsubscribe();
  });

  it("should stop at the scheduler's maxFrames, as flush() does", async () => {
    const scheduler = new VirtualTimeScheduler(undefined, 25);
    const calls: number[] = [];
    const subscription = pollUntil(ready(calls, scheduler, 99), { interval: 10, scheduler }).subscribe();
    await flushSettled(scheduler);
    expect(calls).toEqual([10, 20]);
    subscription.unsubscribe();
  });

  it('should reject what is not a VirtualTimeScheduler, and a bad limit, naming them', async () => {
    await expect(flushSettled({} as never)).rejects.toThrow(
      new TypeError('Expected `scheduler` to be a VirtualTimeScheduler, got an object'),
    );
    await expect(flushSettled(new VirtualTimeScheduler(), { limit: 0 })).rejects.toThrow(
      new RangeError('Expected `limit` to be an integer >= 1, got 0'),
    );
  });
});
