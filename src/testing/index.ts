/**
 * Helpers for testing code that uses rxjs-wait: `import { sequenceRandom } from 'rxjs-wait/testing'`.
 *
 * ## Recipe: a poll in virtual time
 * Every operator takes its time from an RxJS scheduler, and `TestScheduler.run` makes
 * the default `asyncScheduler` virtual, so a wait that would take minutes runs at once:
 *
 * ```ts
 * import { TestScheduler } from 'rxjs/testing';
 * import { backoffRetry } from 'rxjs-wait';
 * import { sequenceRandom } from 'rxjs-wait/testing';
 *
 * const testScheduler = new TestScheduler((a, e) => expect(a).toEqual(e));
 * testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
 *   const source = cold('#');
 *   // jitter 0.5 with random 0.2, then 0.6: delays 10 * 1.1 = 11, 20 * 1.3 = 26
 *   const random = sequenceRandom([0.2, 0.6]);
 *   expectObservable(source.pipe(backoffRetry({ duration: 10, factor: 2, jitter: 0.5, steps: 3, random }))).toBe('37ms #');
 *   expectSubscriptions(source.subscriptions).toBe(['(^!)', '11ms (^!)', '37ms (^!)']);
 * });
 * ```
 *
 * Conditions that take time are Observables (`timer(25).pipe(map(() => false))`); a
 * Promise settles in a microtask, outside virtual time.
 */
import { checkNumber, reject } from '../internal/validate.js';

/**
 * A `random` for the operators' `random` option that returns `values` in turn, then
 * repeats the last one forever, so jittered delays are exact in tests.
 *
 * ```text
 * sequenceRandom([0.1, 0.9]) -> 0.1, 0.9, 0.9, 0.9, ...
 * ```
 *
 * ## Example
 * ```ts
 * import { stepBackoff } from 'rxjs-wait';
 * import { sequenceRandom } from 'rxjs-wait/testing';
 *
 * const random = sequenceRandom([0, 0.5]);
 * console.log(stepBackoff({ duration: 100, jitter: 1 }, random).delay, stepBackoff({ duration: 100, jitter: 1 }, random).delay);
 * // Output:
 * // 100 150
 * ```
 *
 * @param values numbers in [0, 1), at least one.
 * @returns a function returning them in turn.
 */
export function sequenceRandom(values: readonly number[]): () => number {
  if (!Array.isArray(values) || values.length === 0) {
    reject(TypeError, 'values', 'a non-empty array of numbers in [0, 1)', values);
  }
  values.forEach((value, index) =>
    checkNumber(`values[${index}]`, value, (n) => n >= 0 && n < 1, 'a number in [0, 1)'),
  );
  const copy = [...values];
  let index = 0;
  return () => {
    const value = copy[Math.min(index, copy.length - 1)];
    index += 1;
    return value;
  };
}
