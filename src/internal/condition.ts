import type { Condition } from '../types.js';
import type { Accept } from './results.js';
import { resolveResult } from './results.js';
import { describe } from './validate.js';
import type { WaitLoop } from './waitLoop.js';
import { Outcome } from './waitLoop.js';

const acceptBoolean: Accept<void> = (loop, attempt, value) => {
  if (value === true) loop.settle(attempt, Outcome.Succeeded, undefined, true);
  else if (value === false) loop.settle(attempt, Outcome.NotDone, false);
  else
    loop.settle(
      attempt,
      Outcome.Failed,
      new TypeError(
        `The condition returned ${describe(value)}; expected a boolean, a Promise of a boolean ` +
          'or an Observable of booleans (a forgotten `return`?)',
      ),
    );
};

const emptyObservable = (): Error =>
  new TypeError('The condition returned an Observable that completed without a value; expected a boolean');

/** @internal Attempt `attempt` of a boolean condition: `true` succeeds with `undefined`. */
export function runCondition(condition: Condition, loop: WaitLoop<void>, attempt: number): void {
  let result: unknown;
  try {
    result = condition(loop.context(attempt));
  } catch (error) {
    loop.settle(attempt, Outcome.Failed, error);
    return;
  }
  if (result === false) loop.settle(attempt, Outcome.NotDone, false);
  else resolveResult(loop, attempt, result, acceptBoolean, emptyObservable);
}
