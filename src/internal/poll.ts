import { Observable } from 'rxjs';
import type { Condition } from '../types';
import { conditionRunner } from './condition';
import type { PollOptionsShape } from './options';
import { pollPlan } from './options';
import { checkFunction } from './validate';
import { WaitLoop } from './waitLoop';

/** `pollUntil` and `pollImmediate`: validates at call time, one loop per subscription. */
export function createPoll(
  condition: Condition,
  options: PollOptionsShape,
  fn: string,
  immediate: boolean | 'forced',
): Observable<void> {
  checkFunction('condition', condition);
  const { config, schedule } = pollPlan(options, fn, immediate);
  const run = conditionRunner(condition);
  return new Observable<void>((subscriber) => new WaitLoop(subscriber, config, schedule, run).begin());
}
