import { Observable } from 'rxjs';
import type { Condition } from '../types.js';
import { conditionRunner } from './condition.js';
import type { PollImmediate, PollOptionsShape } from './options.js';
import { pollPlan } from './options.js';
import { checkFunction } from './validate.js';
import { WaitLoop } from './waitLoop.js';

/** `pollUntil` and `pollImmediate`: validates at call time, one loop per subscription. */
export function createPoll(
  condition: Condition,
  options: PollOptionsShape,
  fn: string,
  immediate: PollImmediate,
): Observable<void> {
  checkFunction('condition', condition);
  const { config, schedule } = pollPlan(options, fn, immediate);
  const run = conditionRunner(condition);
  return new Observable<void>((subscriber) => new WaitLoop(subscriber, config, schedule, run).begin());
}
