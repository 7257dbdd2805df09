// runSettled under vitest, against the packed package: marble diagrams for a wait on a
// Promise condition, with vitest's expect as the TestScheduler's assertion.
import { expect, it } from 'vitest';
import { firstValueFrom, map, timer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { InterruptedError, pollUntil } from 'rxjs-wait';
import { runSettled } from 'rxjs-wait/testing';

const newTestScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

it('gives up at 35 while the third check (15 ms each) is in flight', async () => {
  const testScheduler = newTestScheduler();
  await runSettled(testScheduler, ({ expectObservable }) => {
    const slowCheck = () => firstValueFrom(timer(15, testScheduler).pipe(map(() => false)));
    const wait = pollUntil(slowCheck, { interval: 10, timeout: 35, scheduler: testScheduler });
    expectObservable(wait).toBe('35ms #', undefined, expect.any(InterruptedError));
  });
});

it('is ready at 30 on the third answer', async () => {
  const testScheduler = newTestScheduler();
  let n = 0;
  await runSettled(testScheduler, ({ expectObservable }) => {
    const wait = pollUntil(async () => ++n === 3, { interval: 10, timeout: 100, scheduler: testScheduler });
    expectObservable(wait).toBe('30ms (u|)', { u: undefined });
  });
});

it('fails with the diff when a frame is wrong', async () => {
  const testScheduler = newTestScheduler();
  const run = runSettled(testScheduler, ({ expectObservable }) => {
    const wait = pollUntil(async () => false, { interval: 10, timeout: 35, scheduler: testScheduler });
    expectObservable(wait).toBe('34ms #', undefined, expect.any(InterruptedError));
  });
  await expect(run).rejects.toThrow(/frame/);
});
