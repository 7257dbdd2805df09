import { InterruptedError } from '../errors/InterruptedError.js';
import { checkFunction, withDefault } from '../internal/validate.js';
import type { Plan, WaitLoop } from '../internal/waitLoop.js';
import { First, OnInterrupt } from '../internal/waitLoop.js';
import type { Backoff, BackoffState } from './backoff.js';
import { advance, copyBackoffState, normalizeBackoff } from './backoff.js';

/** Validated backoff options with attempt-counting `steps`; the same for every subscription. */
export interface BackoffOptions {
  backoff: BackoffState;
  steps: number;
  random: () => number;
}

/** Validates the backoff options of function `fn`, whose `steps` is at least `minSteps`. */
export function backoffOptions(
  options: Backoff & { steps: number; random?: () => number },
  fn: string,
  minSteps: number,
): BackoffOptions {
  const backoff = normalizeBackoff(options, fn, minSteps);
  const random = checkFunction<() => number>('random', withDefault(options.random, Math.random));
  return { backoff, steps: backoff.steps, random };
}

/**
 * Go's `ExponentialBackoff` as a plan: at most `steps` attempts, each one that fails but
 * the last followed by the next `Backoff.Step()` delay; running out errors with an
 * `InterruptedError` without a cause. Immediate: the first attempt at subscription
 * (unless already interrupted); else after the first `Step()` delay (Go's
 * `DelayFunc.Until`). Stateful: one per subscription. What an attempt is, the operator
 * says (`run`).
 */
export abstract class BackoffPlan<T> implements Plan<T> {
  readonly first: First;
  readonly onInterrupt = OnInterrupt.Error;
  readonly #options: BackoffOptions;
  #state: BackoffState;
  /** Attempts settled since the start (or the last reset). */
  #count = 0;

  constructor(options: BackoffOptions, immediate: boolean) {
    this.#options = options;
    this.#state = copyBackoffState(options.backoff);
    this.first = immediate ? First.Now : First.Delayed;
  }

  abstract run(loop: WaitLoop<T>, attempt: number): void;

  firstAt(): number {
    return advance(this.#state, this.#options.random);
  }

  next(now: number, _startedAt: number, _error: unknown): number | undefined {
    return this.step(now, undefined);
  }

  exhausted(_lastError: unknown, attempts: number): unknown {
    return new InterruptedError(undefined, attempts);
  }

  /** Attempts settled since the start or the last {@link reset}. */
  protected get count(): number {
    return this.#count;
  }

  /**
   * Counts the attempt that settled at `now`: the next one's time, or `undefined` when
   * `steps` are used up. The backoff steps either way; `delay`, when given, is waited
   * instead of the step's (still capped by `cap`).
   */
  protected step(now: number, delay: number | undefined): number | undefined {
    this.#count += 1;
    if (this.#count >= this.#options.steps) return undefined;
    const stepped = advance(this.#state, this.#options.random);
    if (delay === undefined) return now + stepped;
    const cap = this.#options.backoff.cap;
    return now + (cap > 0 && delay > cap ? cap : delay);
  }

  /** Back to the first delay and a fresh count. */
  protected reset(): void {
    this.#count = 0;
    this.#state = copyBackoffState(this.#options.backoff);
  }
}
