import type { Observable as ObservableType } from 'rxjs';
import type { Backoff } from '../backoff/backoff.js';
import type { BackoffOptions } from '../backoff/plan.js';
import { BackoffPlan, backoffOptions } from '../backoff/plan.js';
import type { InterruptedError } from '../errors/InterruptedError.js';
import type { PollTiming } from '../internal/poll.js';
import { PollPlan, pollOptions } from '../internal/poll.js';
import type { Accept } from '../internal/results.js';
import { resolveResult } from '../internal/results.js';
import { checkFunction, checkOneOf, checkOptions, describe, reject, withDefault } from '../internal/validate.js';
import { Outcome, WaitLoop, waitObservable } from '../internal/waitLoop.js';
import type { ConditionContext, WaitOptions } from '../types.js';

/** What {@link pollValue} calls each attempt: a value, a Promise of one, or an Observable (its first value). */
export type ValueFn<T> = (context: ConditionContext) => T | PromiseLike<T> | ObservableType<T>;

/** Options of {@link pollValue}: `interval` (a poll) or `backoff`, not both. */
export interface PollValueOptions extends WaitOptions {
  /** A poll: ms between attempts (finite, >= 0), fixed rate unless `sliding`. */
  interval?: number | undefined;
  /** With `interval`: the interval restarts when an attempt settles. @default false */
  sliding?: boolean | undefined;
  /**
   * In place of `interval`: the delays of a backoff, as `exponentialBackoff` takes them.
   * Its `steps` caps the attempts (running out is an `InterruptedError` with no cause).
   * @default steps: Infinity
   */
  backoff?:
    | (Backoff & {
        /** The most attempts (an integer >= 1, or `Infinity`). @default Infinity */
        steps?: number | undefined;
      })
    | undefined;
  /**
   * `true`: the first attempt at subscription (with `interval`, even when already
   * interrupted, as Go's immediate poll). `false`: after the first interval or delay.
   * Unlike `pollUntil`, `true` by default: a value is usually wanted now, then polled.
   * @default true
   */
  immediate?: boolean | undefined;
  /** Deadline in ms from subscription. @default Infinity (none) */
  timeout?: number | undefined;
  /**
   * `'done'`: emit only the value that satisfied `isDone`, then complete. `'all'`: emit
   * every attempt's value as it comes; the last one is the match.
   * @default 'done'
   */
  emit?: 'done' | 'all' | undefined;
  /** With `backoff`: numbers in [0, 1) for jitter. @default Math.random */
  random?: (() => number) | undefined;
}

const EMITS = ['done', 'all'] as const;

/** One attempt of `pollValue`, either schedule. */
type Attempt<T> = (loop: WaitLoop<T>, attempt: number) => void;

/** What one subscription saw: the last value, once there is one. */
class Seen<T> {
  some = false;
  value: T | undefined = undefined;
}

/**
 * What an attempt of `pollValue` is, for either schedule: call `fn`, remember its value,
 * emit it (`emit: 'all'`), and let `isDone` decide.
 */
function valueAttempt<T>(
  fn: ValueFn<T>,
  isDone: (value: T, attempt: number) => boolean,
  all: boolean,
  seen: Seen<T>,
): Attempt<T> {
  const accept: Accept<T> = (loop, attempt, value) => {
    seen.some = true;
    seen.value = value as T;
    if (all) loop.next(attempt, value as T);
    let done: unknown;
    try {
      done = isDone(value as T, attempt);
    } catch (error) {
      loop.settle(attempt, Outcome.Failed, error);
      return;
    }
    if (done === true) loop.settle(attempt, all ? Outcome.Completed : Outcome.Succeeded, value);
    else if (done === false) loop.settle(attempt, Outcome.NotDone, value);
    else loop.settle(attempt, Outcome.Failed, new TypeError(`isDone returned ${describe(done)}; expected a boolean`));
  };
  return (loop, attempt) => {
    let result: unknown;
    try {
      result = fn(loop.context(attempt));
    } catch (error) {
      loop.settle(attempt, Outcome.Failed, error);
      return;
    }
    resolveResult(loop, attempt, result, accept, noValue);
  };
}

const noValue = (): Error => new TypeError('The function returned an Observable that completed without a value');

function remember<T>(seen: Seen<T>, error: InterruptedError<T>): void {
  if (seen.some) error.lastValue = seen.value;
}

/** A poll of values: `PollPlan`'s schedule; what it saw, per subscription. */
class ValuePoll<T> extends PollPlan<T> {
  readonly #attempt: Attempt<T>;
  readonly #seen: Seen<T>;

  constructor(timing: PollTiming, attempt: Attempt<T>, seen: Seen<T>) {
    super(timing);
    this.#attempt = attempt;
    this.#seen = seen;
  }

  override run(loop: WaitLoop<T>, attempt: number): void {
    this.#attempt(loop, attempt);
  }

  interrupted(error: InterruptedError<T>): void {
    remember(this.#seen, error);
  }
}

/** A backoff of values: `BackoffPlan`'s schedule; running out carries the last value too. */
class ValueBackoff<T> extends BackoffPlan<T> {
  readonly #attempt: Attempt<T>;
  readonly #seen: Seen<T>;

  constructor(options: BackoffOptions, immediate: boolean, attempt: Attempt<T>, seen: Seen<T>) {
    super(options, immediate);
    this.#attempt = attempt;
    this.#seen = seen;
  }

  run(loop: WaitLoop<T>, attempt: number): void {
    this.#attempt(loop, attempt);
  }

  override exhausted(lastError: unknown, attempts: number): unknown {
    const error = super.exhausted(lastError, attempts) as InterruptedError<T>;
    remember(this.#seen, error);
    return error;
  }

  interrupted(error: InterruptedError<T>): void {
    remember(this.#seen, error);
  }
}

/**
 * Polls for a **value**: calls `fn` on a schedule and emits the first value that
 * `isDone` accepts, then completes; a wait that hands back what it waited for (a job's
 * final state, a resource once it exists). The three outcomes stay apart: the value;
 * an `InterruptedError` (abort, `timeout`, `backoff.steps` used up) whose `lastValue` is
 * the last value seen; or the error `fn` or `isDone` threw or rejected with, as it is.
 * The schedule is `pollUntil`'s (`interval`, `sliding`) or a backoff's (`backoff`).
 * `fn` gets `{ signal, attempt }`; the signal aborts when the wait ends before `fn`'s
 * work does.
 *
 * ```text
 * pollValue(getJob, (j) => j.state !== 'running', { interval: 10 }), job done on the 3rd call:
 * emit 'done':  20ms (j|)               (j = the finished job)
 * emit 'all':   r 9ms r 9ms (j|)        (r = a running job; every attempt's value)
 * with timeout: 25, never done:  25ms #  (# = InterruptedError, lastValue = the last job)
 * ```
 *
 * ## Example
 * ```ts
 * import { firstValueFrom } from 'rxjs';
 * import { isDeadlineExceeded, pollValue } from 'rxjs-wait';
 * import type { InterruptedError } from 'rxjs-wait';
 *
 * interface Job { id: string; state: 'running' | 'done' | 'failed' }
 * const getJob = async ({ signal }: { signal: AbortSignal }): Promise<Job> =>
 *   (await fetch('https://api.example.com/jobs/42', { signal })).json() as Promise<Job>;
 *
 * try {
 *   const job = await firstValueFrom(pollValue(getJob, (j) => j.state !== 'running', { interval: 1000, timeout: 60_000 }));
 *   console.log(job.state);
 * } catch (err) {
 *   if (isDeadlineExceeded(err)) console.log('still', (err as InterruptedError<Job>).lastValue?.state);
 * }
 * // Output, once the job has finished:
 * // done
 * ```
 *
 * @param fn called with `{ signal, attempt }`; its value, Promise or Observable's first value is judged.
 * @param isDone `(value, attempt) => boolean`: `true` ends the wait with `value`.
 * @param options `interval` or `backoff`, `sliding`, `immediate`, `timeout`, `emit`, `signal`,
 *   `onAttempt` (its `result` is each value), `scheduler`, `random`.
 * @returns an Observable of the value that satisfied `isDone` (or, with `emit: 'all'`, of every value).
 */
export function pollValue<T>(
  fn: ValueFn<T>,
  isDone: (value: T, attempt: number) => boolean,
  options: PollValueOptions,
): ObservableType<T> {
  checkFunction('fn', fn);
  checkFunction('isDone', isDone);
  checkOptions(options, 'pollValue');
  const all = checkOneOf('emit', withDefault(options.emit, 'done'), EMITS) === 'all';
  if (options.backoff !== undefined) {
    if (options.interval !== undefined) {
      throw new TypeError('Expected either `interval` or `backoff` in the options of `pollValue`, not both');
    }
    const backoff = options.backoff;
    if (typeof backoff !== 'object' || backoff === null) reject(TypeError, 'backoff', 'an object', backoff);
    const steps = backoffOptions(
      { ...backoff, steps: withDefault(backoff.steps, Infinity), random: options.random },
      'pollValue',
      1,
    );
    // the poll options' own checks, for what both schedules share (signal, timeout, ...)
    const { settings, timing } = pollOptions({ ...options, interval: 0 }, 'pollValue', { byDefault: true });
    return waitObservable(settings, () => {
      const seen = new Seen<T>();
      return new ValueBackoff<T>(steps, timing.immediate, valueAttempt(fn, isDone, all, seen), seen);
    });
  }
  const { settings, timing } = pollOptions(options as PollValueOptions & { interval: number }, 'pollValue', {
    byDefault: true,
  });
  return waitObservable(settings, () => {
    const seen = new Seen<T>();
    return new ValuePoll<T>(timing, valueAttempt(fn, isDone, all, seen), seen);
  });
}
