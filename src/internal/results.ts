import type { Observable } from 'rxjs';
import { Subscription, isObservable } from 'rxjs';
import type { WaitLoop } from './waitLoop.js';

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
 * Takes the first value of an Observable result: reports it, then unsubscribes. It is a
 * `Subscription` with `next`/`error`/`complete`, so `subscribe` uses it as the subscriber
 * itself: a synchronous source (`of(false, true)`, an endless `from(iterable)`) sees it
 * closed right after the first value and stops. One object per attempt, no operators.
 */
class FirstValue<T> extends Subscription {
  #got = false;
  readonly #loop: WaitLoop<T>;
  readonly #attempt: number;
  readonly #accept: Accept<T>;
  readonly #emptyError: () => Error | undefined;

  constructor(loop: WaitLoop<T>, attempt: number, accept: Accept<T>, emptyError: () => Error | undefined) {
    super();
    this.#loop = loop;
    this.#attempt = attempt;
    this.#accept = accept;
    this.#emptyError = emptyError;
  }

  next(value: unknown): void {
    if (this.#got) return;
    this.#got = true;
    this.unsubscribe();
    this.#accept(this.#loop, this.#attempt, value);
  }

  error(error: unknown): void {
    if (this.#got) return;
    this.#got = true;
    this.unsubscribe();
    this.#loop.fail(this.#attempt, error);
  }

  complete(): void {
    if (this.#got) return;
    this.#got = true;
    this.unsubscribe();
    const error = this.#emptyError();
    if (error === undefined) this.#loop.settle(this.#attempt);
    else this.#loop.fail(this.#attempt, error);
  }
}

/**
 * Settles attempt `attempt` from `result`. `emptyError` makes the error for an
 * Observable that completes without a value; when it returns `undefined`, such an
 * Observable settles the attempt without a value.
 */
export function resolveResult<T>(
  loop: WaitLoop<T>,
  attempt: number,
  result: unknown,
  accept: Accept<T>,
  emptyError: () => Error | undefined,
): void {
  if (isObservable(result)) {
    const first = new FirstValue(loop, attempt, accept, emptyError);
    (result as Observable<unknown>).subscribe(first);
    loop.track(attempt, first);
  } else if (isThenable(result)) {
    result.then(
      (value) => accept(loop, attempt, value),
      (error: unknown) => loop.fail(attempt, error),
    );
  } else {
    accept(loop, attempt, result);
  }
}
