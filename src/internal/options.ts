import { asyncScheduler } from 'rxjs';
import type { Backoff, BackoffState } from '../backoff/backoff.js';
import { normalizeBackoff } from '../backoff/backoff.js';
import type { AttemptInfo, WaitOptions } from '../types.js';
import {
  checkBoolean,
  checkDuration,
  checkFunction,
  checkInteger,
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

const neverExhausted = (): never => {
  throw new Error('rxjs-wait: a poll schedule never runs out of attempts');
};

/** The shared `signal`, `scheduler` and `timeout` options, validated. */
export function waitBasics(
  options: WaitOptions & { timeout?: number },
): Pick<LoopConfig, 'signal' | 'scheduler' | 'timeout' | 'onAttempt'> {
  return {
    signal: checkSignal('signal', options.signal),
    scheduler: checkScheduler('scheduler', options.scheduler) ?? asyncScheduler,
    timeout: checkTimeout('timeout', withDefault(options.timeout, Infinity)),
    onAttempt:
      options.onAttempt === undefined
        ? undefined
        : checkFunction<(info: AttemptInfo) => void>('onAttempt', options.onAttempt),
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
  const basics = waitBasics(options);
  const immediate =
    immediateDefault === 'forced' || checkBoolean('immediate', withDefault(options.immediate, immediateDefault));
  const sliding = checkBoolean('sliding', withDefault(options.sliding, false));
  return {
    config: {
      ...basics,
      immediate: immediate ? 'always' : false,
      completeOnInterrupt: false,
      exhausted: neverExhausted,
    },
    schedule: pollSchedule(interval, sliding),
  };
}

/** Backoff options with attempt-counting `steps` (at least `minSteps`). */
export interface BackoffPlan {
  backoff: BackoffState;
  steps: number;
  random: () => number;
}

export function backoffPlan(
  options: Backoff & { steps: number; random?: () => number },
  fn: string,
  minSteps: number,
): BackoffPlan {
  checkOptions(options, fn);
  if (options.steps === undefined) {
    throw new TypeError(`Expected \`steps\` to be an integer >= ${minSteps}, got undefined`);
  }
  const steps = checkInteger('steps', options.steps, minSteps);
  const backoff = normalizeBackoff(options, fn);
  const random = checkFunction<() => number>('random', withDefault(options.random, Math.random));
  return { backoff, steps, random };
}
