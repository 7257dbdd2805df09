import type { MonoTypeOperatorFunction } from 'rxjs';
import { Observable, isObservable } from 'rxjs';
import { isErrorLike, namedError } from '../errors/errorShapes.js';
import { errorInterrupted } from '../errors/errorInterrupted.js';
import { listenAbort } from '../internal/listenAbort.js';
import { checkSignal, reject } from '../internal/validate.js';

/**
 * Interrupts any Observable the way the waits are interrupted: when the `AbortSignal`
 * aborts (or the notifier Observable emits), the source is unsubscribed and the result
 * errors with an {@link InterruptedError}. Its `cause` is the signal's `reason`, or the
 * notifier's value when that is an `Error`, else a `DOMException` named `'AbortError'`.
 * An already aborted signal errors at subscription without subscribing to the source.
 * A notifier that completes without a value changes nothing; its error errors the result.
 *
 * ```text
 * source:    -a-b-c-d-
 * notifier:  -----x
 * result:    -a-b-#          (# = InterruptedError, cause: an AbortError)
 * ```
 *
 * ## Example
 * ```ts
 * import { interval } from 'rxjs';
 * import { interruptOn, isCanceled } from 'rxjs-wait';
 *
 * const controller = new AbortController();
 * interval(100).pipe(interruptOn(controller.signal)).subscribe({
 *   next: (n) => console.log(n),
 *   error: (err) => console.log('stopped', isCanceled(err)),
 * });
 * setTimeout(() => controller.abort(), 250);
 * // Output:
 * // 0
 * // 1
 * // stopped true
 * ```
 *
 * @param signalOrNotifier an `AbortSignal`, or an Observable whose first value interrupts.
 * @returns an operator that mirrors its source until interrupted.
 */
export function interruptOn<T>(signalOrNotifier: AbortSignal | Observable<unknown>): MonoTypeOperatorFunction<T> {
  if (isObservable(signalOrNotifier)) {
    const notifier = signalOrNotifier;
    return (source) =>
      new Observable<T>((subscriber) => {
        const notification = notifier.subscribe({
          next: (value) => {
            const cause = isErrorLike(value) ? value : namedError('The notifier interrupted the wait', 'AbortError');
            subscriber.error(errorInterrupted(cause));
          },
          error: (error: unknown) => subscriber.error(error),
        });
        if (!subscriber.closed) subscriber.add(source.subscribe(subscriber));
        return () => notification.unsubscribe();
      });
  }
  const expected = 'an AbortSignal or an Observable';
  const signal =
    signalOrNotifier === undefined
      ? reject(TypeError, 'signalOrNotifier', expected, signalOrNotifier)
      : checkSignal('signalOrNotifier', signalOrNotifier, expected)!;
  return (source) =>
    new Observable<T>((subscriber) => {
      if (signal.aborted) {
        subscriber.error(errorInterrupted(signal.reason));
        return undefined;
      }
      const unlisten = listenAbort(signal, () => subscriber.error(errorInterrupted(signal.reason)));
      subscriber.add(unlisten);
      subscriber.add(source.subscribe(subscriber));
      return undefined;
    });
}
