import type { Observable } from 'rxjs';
import { Subscription, isObservable } from 'rxjs';
import type { WaitLoop } from './waitLoop.js';
import { Outcome } from './waitLoop.js';

/**
 * Turns what a condition or job returned (a plain value, a PromiseLike or an
 * Observable's first value) into one report to the loop. `accept` gets the value; a
 * throw, a rejection or an Observable error fails the attempt with that same error.
 */
export type Accept<T> = (loop: WaitLoop<T>, attempt: number, value: unknown) => void;

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/**
 * The observer of one attempt's source, and that subscription itself: `subscribe` uses an
 * object that is both a `Subscription` and an observer as the subscriber as it is. `run`
 * hands it to the loop before subscribing, so when the wait ends (an unsubscribe, an abort,
 * a `take(1)` downstream) while a synchronous source is still emitting (`range(0, 1e5)`,
 * an endless `from(iterable)`), the source sees it closed and stops. One object per
 * attempt, no closures.
 */
export abstract class AttemptObserver<T, R> extends Subscription {
  protected readonly loop: WaitLoop<R>;
  protected readonly attempt: number;

  constructor(loop: WaitLoop<R>, attempt: number) {
    super();
    this.loop = loop;
    this.attempt = attempt;
  }

  /** Subscribes `source` for this attempt, tracked by the loop first. */
  run(source: Observable<T>): void {
    this.loop.track(this.attempt, this);
    if (!this.closed) source.subscribe(this);
  }

  abstract next(value: T): void;

  error(error: unknown): void {
    if (this.closed) return;
    this.unsubscribe();
    this.loop.settle(this.attempt, Outcome.Failed, error);
  }

  abstract complete(): void;
}

/** Takes the first value of an Observable result: reports it, then unsubscribes. */
class FirstValue<T> extends AttemptObserver<unknown, T> {
  readonly #accept: Accept<T>;
  readonly #emptyError: () => Error | undefined;

  constructor(loop: WaitLoop<T>, attempt: number, accept: Accept<T>, emptyError: () => Error | undefined) {
    super(loop, attempt);
    this.#accept = accept;
    this.#emptyError = emptyError;
  }

  next(value: unknown): void {
    if (this.closed) return;
    this.unsubscribe();
    this.#accept(this.loop, this.attempt, value);
  }

  complete(): void {
    if (this.closed) return;
    this.unsubscribe();
    const error = this.#emptyError();
    if (error === undefined) this.loop.settle(this.attempt, Outcome.NotDone);
    else this.loop.settle(this.attempt, Outcome.Failed, error);
  }
}

/**
 * Settles attempt `attempt` from `result`. `emptyError` makes the error for an
 * Observable that completes without a value; when it returns `undefined`, such an
 * Observable settles the attempt without a value.
 */
const IN_RUN = 'Promises cannot settle in TestScheduler.run: use runSettled (rxjs-wait/testing)';

export function resolveResult<T>(
  loop: WaitLoop<T>,
  attempt: number,
  result: unknown,
  accept: Accept<T>,
  emptyError: () => Error | undefined,
): void {
  if (isObservable(result)) {
    new FirstValue(loop, attempt, accept, emptyError).run(result as Observable<unknown>);
  } else if (isThenable(result)) {
    // Inside TestScheduler.run a promise settles only after run() has returned, outside
    // virtual time: the wait would report a deadline, or nothing. Say so at once.
    if (loop.inRun) {
      loop.settle(attempt, Outcome.Failed, new TypeError(IN_RUN));
      return;
    }
    result.then(
      (value) => accept(loop, attempt, value),
      (error: unknown) => loop.settle(attempt, Outcome.Failed, error),
    );
  } else {
    accept(loop, attempt, result);
  }
}
