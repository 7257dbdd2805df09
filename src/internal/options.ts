import { asyncScheduler } from 'rxjs';
import type { AttemptInfo, WaitOptions } from '../types.js';
import {
  checkBoolean,
  checkDuration,
  checkFunction,
  checkOptions,
  checkScheduler,
  checkSignal,
  checkTimeout,
  withDefault,
} from './validate.js';
import type { LoopConfig, Schedule } from './waitLoop.js';
import { pollSchedule } from './schedules.js';

/** The poll options shared by `pollUntil`, `pollImmediate` and `repeatUntil`. */
export interface PollOptionsShape extends WaitOptions {
  interval: number;
  timeout?: number;
  immediate?: boolean;
  sliding?: boolean;
}

type Hook = (info: AttemptInfo) => void;

/**
 * The loop config: the shared `signal`, `scheduler`, `timeout` and `onAttempt` options,
 * validated, plus what the operator decides. Written out field by field: an object spread
 * here cost over a microsecond per factory call on V8.
 */
export function loopConfig(
  options: WaitOptions & { timeout?: number },
  immediate: LoopConfig['immediate'],
  completeOnInterrupt: boolean,
  exhausted?: LoopConfig['exhausted'],
  wrapOnAttempt?: (hook: Hook | undefined) => Hook | undefined,
): LoopConfig {
  const hook = options.onAttempt === undefined ? undefined : checkFunction<Hook>('onAttempt', options.onAttempt);
  return {
    signal: checkSignal('signal', options.signal),
    scheduler: checkScheduler('scheduler', options.scheduler) ?? asyncScheduler,
    timeout: checkTimeout('timeout', withDefault(options.timeout, Infinity)),
    onAttempt: wrapOnAttempt === undefined ? hook : wrapOnAttempt(hook),
    immediate,
    completeOnInterrupt,
    exhausted,
  };
}

/**
 * Validates poll options. `immediate` defaults to `immediateDefault`; `'forced'` makes
 * it always true and ignores the option (`pollImmediate`).
 */
export function pollPlan(
  options: PollOptionsShape,
  fn: string,
  immediateDefault: boolean | 'forced',
): { config: LoopConfig; schedule: Schedule } {
  checkOptions(options, fn);
  const interval = checkDuration('interval', options.interval);
  const config = loopConfig(options, false, false);
  const immediate =
    immediateDefault === 'forced' || checkBoolean('immediate', withDefault(options.immediate, immediateDefault));
  const sliding = checkBoolean('sliding', withDefault(options.sliding, false));
  config.immediate = immediate ? 'always' : false;
  return { config, schedule: pollSchedule(interval, sliding) };
}
