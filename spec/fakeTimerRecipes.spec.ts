// docs/testing.md's jest recipe for async conditions under fake timers, as written there:
// jest's modern timers advanced with advanceTimersByTimeAsync, so a Promise condition
// settles between ticks. (The vitest and sinon recipes run against the packed package in
// `npm run test:runtimes`: runtimes/recipes/.)
import { isDeadlineExceeded, pollUntil } from '../src/index';

describe('fake-timer recipe: jest modern timers with an async condition', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('checks a mocked fetch at 20, 40, ... and gives up at 110', async () => {
    const start = Date.now();
    const fetchStatus = jest.fn(async () => 503);
    const calls: number[] = [];
    let error: unknown;
    pollUntil(async () => (calls.push(Date.now() - start), (await fetchStatus()) === 200), {
      interval: 20,
      timeout: 110,
    }).subscribe({ error: (e) => (error = e) });
    await jest.advanceTimersByTimeAsync(110);
    expect(calls).toEqual([20, 40, 60, 80, 100]);
    expect(isDeadlineExceeded(error)).toBe(true);
  });

  it('is ready at 60 when the third answer is 200', async () => {
    const start = Date.now();
    const fetchStatus = jest.fn<Promise<number>, []>();
    fetchStatus.mockResolvedValueOnce(503).mockResolvedValueOnce(503).mockResolvedValue(200);
    let readyAt: number | undefined;
    pollUntil(async () => (await fetchStatus()) === 200, { interval: 20, timeout: 1000 }).subscribe({
      complete: () => (readyAt = Date.now() - start),
    });
    await jest.advanceTimersByTimeAsync(1000);
    expect(fetchStatus).toHaveBeenCalledTimes(3);
    expect(readyAt).toBe(60);
  });

  it('the trap: plain advanceTimersByTime runs past the pending first call', () => {
    const fetchStatus = jest.fn(async () => 503);
    let error: unknown;
    pollUntil(async () => (await fetchStatus()) === 200, { interval: 20, timeout: 110 }).subscribe({
      error: (e) => (error = e),
    });
    jest.advanceTimersByTime(110);
    // The first call's promise had no chance to settle: no second call was scheduled, and
    // the wait has not even seen its deadline (it lets the attempt in flight settle first).
    expect(fetchStatus).toHaveBeenCalledTimes(1);
    expect(error).toBeUndefined();
  });
});
