/**
 * Hostile conditions: whatever a condition does, the wait ends in exactly one of the
 * three outcomes (or none, after an unsubscribe), and nothing is left behind.
 */
import { NEVER, Observable } from 'rxjs';
import type { Condition } from '../src';
import { InterruptedError, isInterrupted, pollImmediate, pollUntil } from '../src';
import { abortListeners, countingScheduler, createTestScheduler } from './helpers';

interface Ending {
  values: number;
  errors: unknown[];
  completes: number;
  pending: number;
  listeners: number;
}

/** Runs `condition` under pollImmediate (interval 10, timeout 50) and reports how it ended. */
function endingOf(condition: Condition, signal = new AbortController().signal): Ending {
  const testScheduler = createTestScheduler();
  const ending: Ending = { values: 0, errors: [], completes: 0, pending: 0, listeners: 0 };
  let counter!: ReturnType<typeof countingScheduler>;
  testScheduler.run(() => {
    counter = countingScheduler(testScheduler);
    pollImmediate(condition, { interval: 10, timeout: 50, signal, scheduler: counter.scheduler }).subscribe({
      next: () => (ending.values += 1),
      error: (e) => ending.errors.push(e),
      complete: () => (ending.completes += 1),
    });
  });
  ending.pending = counter.pending;
  ending.listeners = abortListeners(signal);
  return ending;
}

function expectOneOutcome(ending: Ending): void {
  const terminal = ending.errors.length + ending.completes;
  expect(terminal).toBe(1);
  expect(ending.values).toBe(ending.completes); // a success is one value, then complete
  expect(ending.pending).toBe(0);
  expect(ending.listeners).toBe(0);
}

describe('hostile conditions', () => {
  it('throwing synchronously: the same error, once', () => {
    const boom = new Error('sync');
    const ending = endingOf(() => {
      throw boom;
    });
    expectOneOutcome(ending);
    expect(ending.errors).toEqual([boom]);
  });

  it('throwing a non-Error value: that value, once', () => {
    const ending = endingOf(() => {
      throw 'a string';
    });
    expectOneOutcome(ending);
    expect(ending.errors).toEqual(['a string']);
  });

  it('never settling: interrupted at the deadline', () => {
    const ending = endingOf(() => NEVER);
    expectOneOutcome(ending);
    expect(ending.errors[0]).toBeInstanceOf(InterruptedError);
  });

  it('emitting after completing (a broken Observable): the first answer counts, once', () => {
    const broken = new Observable<boolean>((subscriber) => {
      subscriber.complete();
      subscriber.next(true);
      subscriber.error(new Error('late'));
    });
    const ending = endingOf(() => broken);
    expectOneOutcome(ending);
    expect(ending.errors[0]).toBeInstanceOf(TypeError); // completed without a value
  });

  it('emitting many values, then erroring: the first value counts', () => {
    const chatty = new Observable<boolean>((subscriber) => {
      subscriber.next(true);
      subscriber.next(false);
      subscriber.error(new Error('ignored'));
    });
    const ending = endingOf(() => chatty);
    expectOneOutcome(ending);
    expect(ending.completes).toBe(1);
  });

  it('unsubscribing the wait from inside the condition: no outcome, nothing left', () => {
    const testScheduler = createTestScheduler();
    const controller = new AbortController();
    let calls = 0;
    let events = 0;
    let counter!: ReturnType<typeof countingScheduler>;
    testScheduler.run(() => {
      counter = countingScheduler(testScheduler);
      const subscription = pollUntil(
        () => {
          calls += 1;
          subscription.unsubscribe();
          return true;
        },
        { interval: 10, signal: controller.signal, scheduler: counter.scheduler },
      ).subscribe({ next: () => events++, error: () => events++, complete: () => events++ });
    });
    expect(calls).toBe(1);
    expect(events).toBe(0);
    expect(counter.pending).toBe(0);
    expect(abortListeners(controller.signal)).toBe(0);
  });

  it("aborting the user's signal from inside the condition: interrupted once, the answer ignored", () => {
    const controller = new AbortController();
    const ending = endingOf(() => {
      controller.abort();
      return true;
    }, controller.signal);
    expectOneOutcome(ending);
    expect(isInterrupted(ending.errors[0])).toBe(true);
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a number', 1],
    ['a string', 'true'],
    ['an object', {}],
    [
      'a Promise-like that throws in then',
      {
        then: () => {
          throw new Error('then');
        },
      },
    ],
  ])('returning %s: one error, never a success', (_label, value) => {
    const ending = endingOf((() => value) as unknown as Condition);
    expectOneOutcome(ending);
    expect(ending.completes).toBe(0);
  });

  it('rejecting: the rejection reason, once, and no unhandled rejection', async () => {
    const { VirtualTimeScheduler } = await import('rxjs');
    const scheduler = new VirtualTimeScheduler();
    const boom = new Error('rejected');
    const errors: unknown[] = [];
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      pollImmediate(() => Promise.reject(boom), { interval: 10, scheduler }).subscribe({
        error: (e) => errors.push(e),
      });
      await new Promise((resolve) => setImmediate(resolve));
      expect(errors).toEqual([boom]);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('a promise that rejects after the wait was interrupted: ignored, no unhandled rejection', async () => {
    const { VirtualTimeScheduler } = await import('rxjs');
    const scheduler = new VirtualTimeScheduler();
    const controller = new AbortController();
    let reject!: (e: Error) => void;
    const errors: unknown[] = [];
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      pollImmediate(() => new Promise<boolean>((_resolve, r) => (reject = r)), {
        interval: 10,
        scheduler,
        signal: controller.signal,
      }).subscribe({ error: (e) => errors.push(e) });
      controller.abort();
      reject(new Error('late'));
      await new Promise((resolve) => setImmediate(resolve));
      expect(errors).toHaveLength(1);
      expect(isInterrupted(errors[0])).toBe(true);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
