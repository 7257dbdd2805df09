import type { Observable, SchedulerLike } from 'rxjs';

/** What every condition or job receives on each call. */
export interface ConditionContext {
  /**
   * Aborted when the wait ends other than by success (unsubscribe, abort, deadline,
   * error), with the reason it ended: pass it on to `fetch`, child processes or inner
   * waits so that in-flight work stops too. One signal per subscription, not per attempt.
   */
  readonly signal: AbortSignal;
  /** Which call this is, counting from 1, per subscription. */
  readonly attempt: number;
}

/**
 * A check for "are we done yet?": `true` ends the wait with success, `false` means try
 * again later. It may answer synchronously, with a Promise, or with an Observable (its
 * first value counts). A throw, a rejection or an Observable error is the condition's
 * own error: the wait errors with that same object and stops (Go: a non-nil `err`).
 */
export type Condition = (context: ConditionContext) => boolean | PromiseLike<boolean> | Observable<boolean>;

/** How an attempt settled: the wait is met, goes on, or an error came out of it. */
export type AttemptOutcome = 'done' | 'not-done' | 'error';

/** What `onAttempt` is told after each attempt settles. */
export interface AttemptInfo {
  /** Which attempt, counting from 1. */
  attempt: number;
  /** ms from subscription to the settling, in scheduler time. */
  elapsed: number;
  /**
   * `'done'`: the wait is met; `'not-done'`: the condition said no (or, for `until`, a run
   * ended); `'error'`: the attempt failed (for `backoffRetry`, also a retried error).
   */
  outcome: AttemptOutcome;
  /** The attempt's error, with outcome `'error'`. */
  error?: unknown;
  /**
   * What the attempt produced, with outcome `'done'` or `'not-done'`: a condition's
   * `true` or `false`, the value `pollValue` judged or `repeatUntil` matched, `until`'s job
   * result (absent when that is `undefined`).
   */
  result?: unknown;
  /** ms until the next attempt, when another one follows. */
  nextDelay?: number;
}

/** Options every operator takes. */
export interface WaitOptions {
  /** Aborting it interrupts the wait at once (see each operator for the outcome). */
  signal?: AbortSignal | undefined;
  /**
   * Called after each attempt settles, with how it went and when the next one comes. A
   * throwing hook errors the wait with the hook's error.
   */
  onAttempt?: ((info: AttemptInfo) => void) | undefined;
  /** Where time comes from: pass a `TestScheduler`'s or leave the default. @default asyncScheduler */
  scheduler?: SchedulerLike | undefined;
}

/**
 * The poll options shared by `pollUntil`, `pollImmediate` and `repeatUntil` (each
 * operator's own options interface documents them). Here, not with the loop, so that the
 * public declarations never reach the internal ones.
 */
export interface PollOptionsShape extends WaitOptions {
  interval: number;
  timeout?: number | undefined;
  immediate?: boolean | undefined;
  sliding?: boolean | undefined;
}
