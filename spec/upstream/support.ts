/**
 * Shared pieces of the upstream port: a wait run to its end in virtual time, and the
 * three Go errors as this package says them.
 */
import type { Observable } from 'rxjs';
import { VirtualTimeScheduler } from 'rxjs';
import { InterruptedError, isCanceled, isDeadlineExceeded, isInterrupted } from '../../src';

/** How a wait ended, and when (virtual ms). */
export interface Ending<T> {
  values: T[];
  /** `undefined` when it never ended (an endless until, say). */
  ending: { kind: 'complete' } | { kind: 'error'; error: unknown } | undefined;
  at: number;
}

/** Subscribes the wait `make` builds on a fresh VirtualTimeScheduler and runs it to its end. */
export function runWait<T>(make: (scheduler: VirtualTimeScheduler) => Observable<T>): Ending<T> {
  const scheduler = new VirtualTimeScheduler(undefined, Infinity);
  const result: Ending<T> = { values: [], ending: undefined, at: -1 };
  make(scheduler).subscribe({
    next: (value) => result.values.push(value),
    complete: () => ((result.ending = { kind: 'complete' }), (result.at = scheduler.now())),
    error: (error: unknown) => ((result.ending = { kind: 'error', error }), (result.at = scheduler.now())),
  });
  scheduler.flush();
  return result;
}

/** The error of an ended wait; fails when it completed or never ended. */
export function errorOf(ending: Ending<unknown>): unknown {
  if (ending.ending?.kind !== 'error') throw new Error(`expected an error, got ${JSON.stringify(ending.ending)}`);
  return ending.ending.error;
}

/** Go's `ErrWaitTimeout` (steps ran out): an InterruptedError without a cause. */
export function expectWaitTimeout(error: unknown): void {
  expect(error).toBeInstanceOf(InterruptedError);
  expect((error as InterruptedError).cause).toBeUndefined();
  expect((error as InterruptedError).message).toBe('timed out waiting for the condition');
  expect(isInterrupted(error)).toBe(true);
}

/** Go's `context.Canceled`: an InterruptedError whose cause is the abort's reason. */
export function expectCanceled(error: unknown): void {
  expect(error).toBeInstanceOf(InterruptedError);
  expect(isCanceled(error)).toBe(true);
  expect(isDeadlineExceeded(error)).toBe(false);
}

/** Go's `context.DeadlineExceeded`: an InterruptedError whose cause is a TimeoutError. */
export function expectDeadlineExceeded(error: unknown): void {
  expect(error).toBeInstanceOf(InterruptedError);
  expect(isDeadlineExceeded(error)).toBe(true);
  expect(isCanceled(error)).toBe(false);
}

/** An already aborted signal: Go's `cancelledContext()`. */
export function abortedSignal(): AbortSignal {
  const controller = new AbortController();
  controller.abort();
  return controller.signal;
}

/** Go's three test contexts: background, already cancelled, already past its deadline. */
export type GoContext = 'default' | 'cancelled' | 'deadlined';
/** How a Go test expects the wait to end. */
export type GoOutcome = 'ok' | 'timeout' | 'canceled' | 'deadline' | 'error';

/**
 * What Go's table tests wrap around their callback: the attempts counted, the context
 * cancelled right after attempt `cancelAfter` (0: never), and the options that make the
 * context kind (`timeout: 0` for one already past its deadline).
 */
export function goCase<R>(context: GoContext, cancelAfter: number, callback: (attempt: number) => R) {
  const controller = new AbortController();
  let attempts = 0;
  const condition = (): R => {
    attempts++;
    try {
      return callback(attempts);
    } finally {
      if (cancelAfter > 0 && attempts === cancelAfter) controller.abort();
    }
  };
  const options: { signal: AbortSignal; timeout?: number } =
    context === 'cancelled'
      ? { signal: abortedSignal() }
      : context === 'deadlined'
        ? { signal: controller.signal, timeout: 0 }
        : { signal: controller.signal };
  return { condition, options, attempts: () => attempts };
}

/** Asserts Go's expected outcome; `conditionError` is the one an 'error' case threw. */
export function expectOutcome(ended: Ending<unknown>, outcome: GoOutcome, conditionError: Error): void {
  if (outcome === 'ok') expect(ended.ending).toEqual({ kind: 'complete' });
  else if (outcome === 'timeout') expectWaitTimeout(errorOf(ended));
  else if (outcome === 'canceled') expectCanceled(errorOf(ended));
  else if (outcome === 'deadline') expectDeadlineExceeded(errorOf(ended));
  else expect(errorOf(ended)).toBe(conditionError);
}

/** A seeded source of numbers in [0, 1) (mulberry32), for Go's `rand.NewSource(seed)`. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
