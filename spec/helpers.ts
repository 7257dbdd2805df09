import { getEventListeners } from 'node:events';
import type { Observable, SchedulerAction, SchedulerLike, Subscription } from 'rxjs';
import { defer } from 'rxjs';
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
    now: () => inner.now(),
    schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay?: number, state?: T): Subscription {
      scheduled += 1;
      const subscription: Subscription = inner.schedule(
        function (this: SchedulerAction<T>, s?: T) {
          pending.delete(subscription);
          work.call(this, s);
        },
        delay,
        state,
      );
      pending.add(subscription);
      maxPending = Math.max(maxPending, pending.size);
      subscription.add(() => pending.delete(subscription));
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
