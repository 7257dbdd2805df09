import { getEventListeners } from 'node:events';
import type { MonoTypeOperatorFunction, Observable, SchedulerAction, SchedulerLike, Subscription } from 'rxjs';
import { asyncScheduler, defer, from, range, take, tap } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { Condition, ConditionContext } from '../src';

/** A fresh TestScheduler asserting with jest's `toEqual`. */
export function createTestScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

/** Matches an InterruptedError (by name) with the given cause name, `undefined` for none. */
export function interruptedWith(causeName: string | undefined): unknown {
  return expect.objectContaining({
    name: 'InterruptedError',
    cause: causeName === undefined ? undefined : expect.objectContaining({ name: causeName }),
  });
}

/** A condition that records the scheduler time, context and signal of every call. */
export interface Recorder {
  condition: Condition;
  /** Scheduler time of each call. */
  calls: number[];
  contexts: ConditionContext[];
  signals: AbortSignal[];
}

export function recordCalls(
  scheduler: SchedulerLike,
  answer: (attempt: number, context: ConditionContext) => boolean | PromiseLike<boolean> | Observable<boolean>,
): Recorder {
  const recorder: Recorder = {
    calls: [],
    contexts: [],
    signals: [],
    condition: (context) => {
      recorder.calls.push(scheduler.now());
      recorder.contexts.push(context);
      recorder.signals.push(context.signal);
      return answer(context.attempt, context);
    },
  };
  return recorder;
}

/**
 * Wraps a scheduler and counts the actions scheduled through it: how many in all, and
 * how many are still pending (neither run nor unsubscribed).
 */
export function countingScheduler(inner: SchedulerLike) {
  const pending = new Set<Subscription>();
  let scheduled = 0;
  let maxPending = 0;
  const scheduler: SchedulerLike = {
    // RxJS's own clock passed on as it is, so the loop still reads it as Date-based
    now: inner.now === asyncScheduler.now ? asyncScheduler.now : () => inner.now(),
    schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay?: number, state?: T): Subscription {
      scheduled += 1;
      // queueScheduler runs a zero-delay action inside schedule(), before it returns
      let ran = false;
      let subscription: Subscription | undefined = undefined;
      subscription = inner.schedule(
        function (this: SchedulerAction<T>, s?: T) {
          ran = true;
          if (subscription !== undefined) pending.delete(subscription);
          // The work runs as an action of this scheduler, whose reschedules are counted too
          // (so the loop never reuses the inner RxJS action behind the count's back).
          const self = { schedule: (next?: T, later?: number) => scheduler.schedule(work, later, next) };
          work.call(self as unknown as SchedulerAction<T>, s);
        },
        delay,
        state,
      );
      if (ran) return subscription;
      pending.add(subscription);
      maxPending = Math.max(maxPending, pending.size);
      subscription.add(() => pending.delete(subscription!));
      return subscription;
    },
  };
  return {
    scheduler,
    get pending() {
      return pending.size;
    },
    get scheduled() {
      return scheduled;
    },
    get maxPending() {
      return maxPending;
    },
  };
}

/** How many 'abort' listeners a signal has. */
export function abortListeners(signal: AbortSignal): number {
  return getEventListeners(signal, 'abort').length;
}

/** A source whose n-th subscription (from 1) is `sources[n - 1]`. */
export function perSubscription<T>(sources: Observable<T>[]): Observable<T> {
  let n = 0;
  return defer(() => sources[n++]);
}

/**
 * The cases every operator that subscribes a source must pass (RxJS's own `retry` and
 * `repeat` do): a synchronous source stops as soon as the result's subscriber is gone,
 * whether by `take(1)`, by an abort during a synchronous emission, or an endless one.
 */
export function itStopsSynchronousSources(
  operator: (signal: AbortSignal | undefined) => MonoTypeOperatorFunction<number>,
): void {
  it('should stop an endless synchronous source after take(1)', () => {
    let pulled = 0;
    function* endless() {
      for (;;) yield ++pulled;
    }
    const values: number[] = [];
    from(endless())
      .pipe(operator(undefined), take(1))
      .subscribe((v) => values.push(v));
    expect(values).toEqual([1]);
    expect(pulled).toBe(1);
  });

  it('should not emit the rest of a long synchronous source after take(1)', () => {
    let emitted = 0;
    const values: number[] = [];
    range(0, 100_000)
      .pipe(
        tap(() => emitted++),
        operator(undefined),
        take(1),
      )
      .subscribe((v) => values.push(v));
    expect(values).toEqual([0]);
    expect(emitted).toBe(1);
  });

  it('should stop a synchronous source when the signal aborts during an emission', () => {
    const controller = new AbortController();
    const reason = new DOMException('stop', 'AbortError');
    let emitted = 0;
    const values: number[] = [];
    let error: unknown;
    range(1, 100_000)
      .pipe(
        tap((v) => {
          emitted++;
          if (v === 3) controller.abort(reason);
        }),
        operator(controller.signal),
      )
      .subscribe({ next: (v) => values.push(v), error: (e: unknown) => (error = e) });
    expect(values).toEqual([1, 2]);
    expect(emitted).toBe(3);
    expect(error).toMatchObject({ name: 'InterruptedError', cause: reason });
  });
}
