import type { Observable as ObservableType } from 'rxjs';
import type { Accept } from '../internal/results.js';
import { resolveResult } from '../internal/results.js';
import { waitSettings } from '../internal/options.js';
import { applyJitter } from '../backoff/backoff.js';
import {
  checkBoolean,
  checkDuration,
  checkFunction,
  checkJitter,
  checkOptions,
  withDefault,
} from '../internal/validate.js';
import type { Plan } from '../internal/waitLoop.js';
import { First, OnInterrupt, Outcome, WaitLoop, waitObservable } from '../internal/waitLoop.js';
import type { ConditionContext, WaitOptions } from '../types.js';

/** A periodic job for {@link until}: its result (or a Promise's, or an Observable's first value) is emitted. */
export type Job<T> = (context: ConditionContext) => T | PromiseLike<T> | ObservableType<T>;

/** Options of {@link until}. */
export interface UntilOptions extends WaitOptions {
  /** Time between runs, in ms (finite, >= 0). */
  period: number;
  /** Each period is lengthened by up to `jitterFactor * period` at random, freshly each time. `<= 0`: none (as Go). @default 0 */
  jitterFactor?: number | undefined;
  /** `true`: the period starts when a run ends; `false`: when it begins (a slow run is followed at once). @default true */
  sliding?: boolean | undefined;
  /** Stop after this many ms from subscription; reaching it completes, as an abort does. @default Infinity (none) */
  timeout?: number | undefined;
  /** Source of numbers in [0, 1) for jitter. Any other result (`NaN`, `undefined`) fails the wait with a `RangeError`/`TypeError`. @default Math.random */
  random?: (() => number) | undefined;
}

/**
 * Go's `JitterUntil` as a plan: an attempt runs the job and emits its result; the first
 * runs at once (unless already interrupted), each next one a freshly jittered period
 * after the last ended (sliding) or began (non-sliding; at once if that time has passed);
 * it never runs out, and an interruption completes.
 */
class PeriodPlan<T> implements Plan<T> {
  readonly first = First.Now;
  readonly onInterrupt = OnInterrupt.Complete;

  constructor(
    private readonly job: Job<T>,
    private readonly period: number,
    private readonly jitterFactor: number,
    private readonly sliding: boolean,
    private readonly random: () => number,
  ) {}

  run(loop: WaitLoop<T>, attempt: number): void {
    let result: unknown;
    try {
      result = this.job(loop.context(attempt));
    } catch (error) {
      loop.settle(attempt, Outcome.Failed, error);
      return;
    }
    resolveResult(loop, attempt, result, emitAndContinue as Accept<T>, noError);
  }

  next(now: number, startedAt: number): number {
    const { period, jitterFactor } = this;
    const delay = jitterFactor > 0 ? applyJitter(period, jitterFactor, this.random) : period;
    return (this.sliding ? now : startedAt) + delay;
  }
}

const emitAndContinue: Accept<unknown> = (loop, attempt, value) => {
  loop.next(attempt, value);
  loop.settle(attempt, Outcome.NotDone, value);
};

const noError = (): undefined => undefined;

/**
 * Runs `fn` at subscription and then every `period` ms, emitting each result; Go's
 * `wait.JitterUntil` (`Until` is the default sliding form, `NonSlidingUntil` is
 * `sliding: false`). Runs never overlap. Aborting `signal` (or reaching `timeout`)
 * **completes** the result: stopping a periodic job is its normal end. An already
 * aborted signal: `fn` never runs. `fn`'s errors error the result. An Observable that
 * completes with no value emits nothing for that run.
 *
 * ```text
 * period 10, sliding, fn instant; signal aborted at 35:
 * result:  a 9ms b 9ms c 9ms d 4ms |      (runs at 0, 10, 20, 30; complete at 35)
 * ```
 *
 * ## Example
 * ```ts
 * import { until } from 'rxjs-wait';
 *
 * const controller = new AbortController();
 * until(() => process.memoryUsage().heapUsed, { period: 1000, jitterFactor: 0.1, signal: controller.signal })
 *   .subscribe((bytes) => console.log(`heap ${bytes}`));
 * setTimeout(() => controller.abort(), 3500);
 * // Output, about once a second until 3.5 s:
 * // heap 4821344
 * // heap 4830112
 * // heap 4831256
 * // heap 4832440
 * ```
 *
 * @param fn called with `{ signal, attempt }`; its value, Promise or Observable's first value is emitted.
 * @param options `period` (required), `jitterFactor`, `sliding`, `timeout`, `signal`, `onAttempt`,
 *   `scheduler`, `random`.
 * @returns an Observable of each run's result.
 */
export function until<T>(fn: Job<T>, options: UntilOptions): ObservableType<T> {
  checkFunction('fn', fn);
  checkOptions(options, 'until');
  const period = checkDuration('period', options.period);
  const jitterFactor = checkJitter('jitterFactor', withDefault(options.jitterFactor, 0));
  const sliding = checkBoolean('sliding', withDefault(options.sliding, true));
  const random = checkFunction<() => number>('random', withDefault(options.random, Math.random));
  const settings = waitSettings(options);
  const plan = new PeriodPlan(fn, period, jitterFactor, sliding, random);
  return waitObservable(settings, () => plan);
}
