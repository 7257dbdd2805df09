import type { Condition } from '../types';
import type { Accept } from './results';
import { describeValue, resolveResult } from './results';
import type { Runner } from './waitLoop';

const acceptBoolean: Accept<void> = (loop, attempt, value) => {
  if (value === true) loop.succeed(attempt, undefined);
  else if (value === false) loop.settle(attempt);
  else
    loop.fail(
      attempt,
      new TypeError(
        `The condition returned ${describeValue(value)}; expected a boolean, a Promise of a boolean ` +
          'or an Observable of booleans (a forgotten `return`?)',
      ),
    );
};

const emptyObservable = (): Error =>
  new TypeError('The condition returned an Observable that completed without a value; expected a boolean');

/** @internal A boolean condition as a loop runner: `true` succeeds with `undefined`. */
export function conditionRunner(condition: Condition): Runner<void> {
  return (loop, context) => {
    const attempt = context.attempt;
    let result: unknown;
    try {
      result = condition(context);
    } catch (error) {
      loop.fail(attempt, error);
      return;
    }
    if (result === false) loop.settle(attempt);
    else resolveResult(loop, attempt, result, acceptBoolean, emptyObservable);
  };
}
