import type { Observable } from 'rxjs';
import { isObservable, take } from 'rxjs';
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
    let got = false;
    const subscription = (result as Observable<unknown>).pipe(take(1)).subscribe({
      next: (value) => {
        got = true;
        accept(loop, attempt, value);
      },
      error: (error: unknown) => loop.fail(attempt, error),
      complete: () => {
        if (got) return;
        const error = emptyError();
        if (error === undefined) loop.settle(attempt);
        else loop.fail(attempt, error);
      },
    });
    loop.track(attempt, subscription);
  } else if (isThenable(result)) {
    result.then(
      (value) => accept(loop, attempt, value),
      (error: unknown) => loop.fail(attempt, error),
    );
  } else {
    accept(loop, attempt, result);
  }
}
