// docs/testing.md's sinon recipe, run by node:test against the packed package: a clock from
// @sinonjs/fake-timers advanced with tickAsync, so an async condition settles between ticks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import FakeTimers from '@sinonjs/fake-timers';
import { isDeadlineExceeded, pollUntil } from 'rxjs-wait';

test('checks an async condition at 20, 40, ... and gives up at 110', async () => {
  const clock = FakeTimers.install();
  try {
    const calls = [];
    let error;
    pollUntil(async () => (calls.push(clock.now), (await Promise.resolve(503)) === 200), {
      interval: 20,
      timeout: 110,
    }).subscribe({ error: (e) => (error = e) });
    await clock.tickAsync(110);
    assert.deepEqual(calls, [20, 40, 60, 80, 100]);
    assert.equal(isDeadlineExceeded(error), true);
  } finally {
    clock.uninstall();
  }
});

test('is ready at 60 when the third answer is 200', async () => {
  const clock = FakeTimers.install();
  try {
    const answers = [503, 503, 200];
    let readyAt;
    pollUntil(async () => (await Promise.resolve(answers.shift())) === 200, { interval: 20, timeout: 1000 }).subscribe({
      complete: () => (readyAt = clock.now),
    });
    await clock.tickAsync(1000);
    assert.deepEqual(answers, []);
    assert.equal(readyAt, 60);
  } finally {
    clock.uninstall();
  }
});
