// docs/testing.md's vitest recipe, run by vitest against the packed package: fake timers
// advanced with the *Async* methods, so an async condition settles between ticks.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { isDeadlineExceeded, pollUntil } from 'rxjs-wait';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

it('checks a mocked fetch at 20, 40, ... and gives up at 110', async () => {
  const start = Date.now();
  const fetchStatus = vi.fn(async () => 503);
  const calls = [];
  let error;
  pollUntil(async () => (calls.push(Date.now() - start), (await fetchStatus()) === 200), {
    interval: 20,
    timeout: 110,
  }).subscribe({ error: (e) => (error = e) });
  await vi.advanceTimersByTimeAsync(110);
  expect(calls).toEqual([20, 40, 60, 80, 100]);
  expect(isDeadlineExceeded(error)).toBe(true);
});

it('is ready at 60 when the third answer is 200', async () => {
  const start = Date.now();
  const fetchStatus = vi.fn().mockResolvedValueOnce(503).mockResolvedValueOnce(503).mockResolvedValue(200);
  let readyAt;
  pollUntil(async () => (await fetchStatus()) === 200, { interval: 20, timeout: 1000 }).subscribe({
    complete: () => (readyAt = Date.now() - start),
  });
  await vi.advanceTimersByTimeAsync(1000);
  expect(fetchStatus).toHaveBeenCalledTimes(3);
  expect(readyAt).toBe(60);
});

it('the trap: plain advanceTimersByTime runs past the pending first call', async () => {
  const fetchStatus = vi.fn(async () => 503);
  let error;
  pollUntil(async () => (await fetchStatus()) === 200, { interval: 20, timeout: 110 }).subscribe({
    error: (e) => (error = e),
  });
  vi.advanceTimersByTime(110);
  // The first call's promise had no chance to settle: no second call was scheduled, and
  // the wait has not even seen its deadline (it lets the attempt in flight settle first).
  expect(fetchStatus).toHaveBeenCalledTimes(1);
  expect(error).toBeUndefined();
});
