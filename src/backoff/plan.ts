import { checkFunction, checkInteger, checkOptions, withDefault } from '../internal/validate.js';
import type { Backoff, BackoffState } from './backoff.js';
import { normalizeBackoff } from './backoff.js';

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
  const steps = checkInteger('steps', options.steps, minSteps);
  const backoff = normalizeBackoff(options, fn);
  const random = checkFunction<() => number>('random', withDefault(options.random, Math.random));
  return { backoff, steps, random };
}
