import type { SchedulerAction, SchedulerLike, Subscriber, Subscription, Unsubscribable } from 'rxjs';

import { InterruptedError } from '../errors/InterruptedError.js';
import { isInterruptedErrorLike } from '../errors/guards.js';
import type { AttemptInfo, AttemptOutcome, ConditionContext } from '../types.js';
import { listenAbort } from './listenAbort.js';

/**
 * The one loop every operator runs on: attempts on a schedule, a deadline, an abort
 * signal, one scheduled action at a time, one AbortController per subscription (made
 * only when a condition reads `context.signal`), and exactly one of three endings:
 * success, interruption, or an error.
 */

/** When the attempts happen, per subscription. Times are absolute scheduler times in ms. */
export interface Schedule {
  /** The first attempt's time, when it is not at subscription. */
  first(start: number): number;
  /**
   * The next attempt's time, after attempt `attempt` (started at `startedAt`) settled
   * without success at `now`; `undefined` when no attempt remains.
   */
  next(attempt: number, startedAt: number, now: number, start: number): number | undefined;
}

/** Starts one attempt; it reports back through the loop's `succeed`/`settle`/`fail`/`next`. */
export type Runner<T> = (loop: WaitLoop<T>, context: ConditionContext) => void;

/** What does not change between subscriptions of one configured operator. */
export interface LoopConfig {
  scheduler: SchedulerLike;
  signal: AbortSignal | undefined;
  /** ms from subscription; `Infinity` for none. */
  timeout: number;
  /** `'always'`: at subscription even when already interrupted (Go's immediate poll). */
  immediate: boolean | 'always';
  /** An abort or deadline completes the result instead of erroring it (`until`). */
  completeOnInterrupt: boolean;
  /** Called after each attempt settles. */
  onAttempt: ((info: AttemptInfo) => void) | undefined;
  /**
   * The error when the schedule has no attempt left, after `attempts` attempts. Only
   * schedules that can run out (backoff) need it; poll and period schedules never do.
   */
  exhausted: ((lastError: unknown, attempts: number) => unknown) | undefined;
}

/** setTimeout's largest delay; longer waits are armed in parts. */
const MAX_DELAY = 0x7fffffff;
const NONE: unique symbol = Symbol('none');
const UNSUBSCRIBED: unique symbol = Symbol('unsubscribed');

const enum Armed {
  Nothing,
  Attempt,
  Deadline,
}

class AttemptContext implements ConditionContext {
  readonly #loop: WaitLoop<unknown>;
  readonly attempt: number;
  constructor(loop: WaitLoop<unknown>, attempt: number) {
    this.#loop = loop;
    this.attempt = attempt;
  }
  get signal(): AbortSignal {
    return this.#loop.contextSignal();
  }
}

function fire(this: SchedulerAction<WaitLoop<unknown>>, loop?: WaitLoop<unknown>): void {
  loop!.onTimer();
}

export class WaitLoop<T> implements Unsubscribable {
  #ended = false;
  #succeeded = false;
  #endReason: unknown = undefined;
  /** Attempts started so far. */
  #calls = 0;
  /** The attempt in flight, 0 for none. */
  #running = 0;
  /** True while the runner is being called (its synchronous part). */
  #inCall = false;
  /** When the running (or last) attempt started, in scheduler time. */
  startedAt = 0;
  readonly #start: number;
  readonly #deadline: number;
  #action: Subscription | undefined = undefined;
  #armed = Armed.Nothing;
  #target = 0;
  /** The armed delay was longer than one timer allows; the action re-arms for the rest. */
  #clamped = false;
  #controller: AbortController | undefined = undefined;
  #inflight: Unsubscribable | undefined = undefined;
  #unlisten: (() => void) | undefined = undefined;

  readonly #subscriber: Subscriber<T>;
  readonly #config: LoopConfig;
  readonly #schedule: Schedule;
  readonly #run: Runner<T>;

  constructor(subscriber: Subscriber<T>, config: LoopConfig, schedule: Schedule, run: Runner<T>) {
    this.#subscriber = subscriber;
    this.#config = config;
    this.#schedule = schedule;
    this.#run = run;
    this.#start = config.scheduler.now();
    this.#deadline = this.#start + config.timeout;
  }

  /** Starts the wait; call once, right after construction. */
  begin(): this {
    const { signal, immediate } = this.#config;
    if (signal !== undefined && !signal.aborted) {
      this.#unlisten = listenAbort(signal, () => this.#interrupt(signal.reason));
    }
    if (immediate === 'always') {
      this.#attempt();
      return this;
    }
    const cause = this.#interruption(this.#start);
    if (cause !== NONE) this.#interrupt(cause);
    else if (immediate) this.#attempt();
    else this.#arm(Armed.Attempt, this.#schedule.first(this.#start), this.#start);
    return this;
  }

  /** Teardown: stops everything; aborts the context signal unless the wait succeeded. */
  unsubscribe(): void {
    if (!this.#ended) this.#end(UNSUBSCRIBED);
  }

  // ---- reports from runners; each ignores a stale attempt or an ended wait ----

  /** A value to pass through to the subscriber. */
  next(attempt: number, value: T): void {
    if (!this.#ended && attempt === this.#running) this.#subscriber.next(value);
  }

  /** Success with a value: emit it, then complete. */
  succeed(attempt: number, value: T): void {
    if (this.#ended || attempt !== this.#running || !this.#report(attempt, 'done')) return;
    this.#finishSuccess();
    this.#subscriber.next(value);
    this.#subscriber.complete();
  }

  /** Success without a value: complete. */
  complete(attempt: number): void {
    if (this.#ended || attempt !== this.#running || !this.#report(attempt, 'done')) return;
    this.#finishSuccess();
    this.#subscriber.complete();
  }

  /** The attempt settled without success; the schedule says what comes next. */
  settle(attempt: number): void {
    this.#continueAfter(attempt, false, undefined);
  }

  /** The attempt failed with a retriable error; the schedule says what comes next. */
  retry(attempt: number, error: unknown): void {
    this.#continueAfter(attempt, true, error);
  }

  /** The attempt failed: the wait errors with this very error. */
  fail(attempt: number, error: unknown): void {
    if (this.#ended || attempt !== this.#running || !this.#report(attempt, 'error', error)) return;
    this.#failWith(error);
  }

  /** Work of the running attempt to cancel if the wait ends first. */
  track(attempt: number, work: Unsubscribable): void {
    if (this.#ended || attempt !== this.#running) work.unsubscribe();
    else this.#inflight = work;
  }

  /** @internal The per-subscription context signal, made on first use. */
  contextSignal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#ended && !this.#succeeded) this.#controller.abort(this.#abortReason());
    }
    return this.#controller.signal;
  }

  /** @internal The scheduled action fired. */
  onTimer(): void {
    this.#action = undefined;
    if (this.#ended) return;
    const now = this.#config.scheduler.now();
    if (this.#clamped) {
      this.#arm(this.#armed, this.#target, now);
    } else if (this.#armed === Armed.Deadline) {
      this.#interrupt(this.#timeoutCause());
    } else {
      this.#attempt();
    }
  }

  // ---- internals ----

  #continueAfter(attempt: number, failed: boolean, error: unknown): void {
    if (this.#ended || attempt !== this.#running) return;
    this.#running = 0;
    this.#inflight = undefined;
    const now = this.#config.scheduler.now();
    const at = this.#schedule.next(attempt, this.startedAt, now, this.#start);
    const cause = at === undefined ? NONE : this.#interruption(now);
    if (this.#config.onAttempt !== undefined) {
      const follows = at !== undefined && cause === NONE && at < this.#deadline;
      const nextDelay = follows ? Math.max(0, at - now) : undefined;
      if (!this.#report(attempt, failed ? 'error' : 'not-done', error, nextDelay)) return;
    }
    if (at === undefined) this.#failWith(this.#config.exhausted!(error, this.#calls));
    else if (cause !== NONE) this.#interrupt(cause);
    else if (at <= now && !this.#inCall && at < this.#deadline) this.#attempt();
    else this.#arm(Armed.Attempt, at, now);
  }

  /**
   * Tells `onAttempt` how an attempt settled. A throwing hook fails the wait with its
   * error; returns whether the wait goes on.
   */
  #report(attempt: number, outcome: AttemptOutcome, error?: unknown, nextDelay?: number): boolean {
    const hook = this.#config.onAttempt;
    if (hook === undefined) return true;
    const info: AttemptInfo = { attempt, elapsed: this.#config.scheduler.now() - this.#start, outcome };
    if (outcome === 'error') info.error = error;
    if (nextDelay !== undefined) info.nextDelay = nextDelay;
    try {
      hook(info);
    } catch (hookError) {
      this.#failWith(hookError);
      return false;
    }
    return !this.#ended;
  }

  #attempt(): void {
    const n = ++this.#calls;
    this.#running = n;
    this.startedAt = this.#config.scheduler.now();
    this.#inCall = true;
    try {
      this.#run(this, new AttemptContext(this as WaitLoop<unknown>, n));
    } catch (error) {
      this.fail(n, error);
    } finally {
      this.#inCall = false;
    }
    if (this.#ended || this.#running !== n) return;
    // Still in flight: an interruption already visible ends it now; else the deadline will.
    const cause = this.#interruption(this.#config.scheduler.now());
    if (cause !== NONE) this.#interrupt(cause);
    else if (this.#deadline !== Infinity) this.#arm(Armed.Deadline, this.#deadline, this.startedAt);
  }

  #arm(kind: Armed, at: number, now: number): void {
    this.#action?.unsubscribe();
    if (at >= this.#deadline) {
      kind = Armed.Deadline;
      at = this.#deadline;
    }
    this.#armed = kind;
    this.#target = at;
    const delay = Math.max(0, at - now);
    this.#clamped = delay > MAX_DELAY;
    this.#action = this.#config.scheduler.schedule(fire, this.#clamped ? MAX_DELAY : delay, this as WaitLoop<unknown>);
  }

  #interruption(now: number): unknown {
    const signal = this.#config.signal;
    if (signal !== undefined && signal.aborted) return signal.reason;
    if (now >= this.#deadline) return this.#timeoutCause();
    return NONE;
  }

  #timeoutCause(): DOMException {
    return new DOMException(`The wait timed out after ${this.#config.timeout} ms`, 'TimeoutError');
  }

  #interrupt(cause: unknown): void {
    if (this.#ended) return;
    if (this.#config.completeOnInterrupt) {
      this.#end(cause);
      this.#subscriber.complete();
      return;
    }
    const error = isInterruptedErrorLike(cause) ? cause : new InterruptedError(cause, this.#calls);
    this.#end(cause);
    this.#subscriber.error(error);
  }

  #failWith(error: unknown): void {
    this.#end(error);
    this.#subscriber.error(error);
  }

  #finishSuccess(): void {
    this.#ended = true;
    this.#succeeded = true;
    this.#running = 0;
    this.#cleanup();
  }

  #end(reason: unknown): void {
    this.#ended = true;
    this.#running = 0;
    this.#endReason = reason;
    // Abort first, so work in flight (an inner wait on this signal, say) sees the cause
    // before it is unsubscribed; its late reports are ignored since the wait has ended.
    if (this.#controller !== undefined && !this.#controller.signal.aborted) {
      this.#controller.abort(this.#abortReason());
    }
    this.#cleanup();
  }

  #abortReason(): unknown {
    if (this.#endReason === UNSUBSCRIBED) {
      this.#endReason = new DOMException('The wait was unsubscribed', 'AbortError');
    }
    return this.#endReason;
  }

  #cleanup(): void {
    const action = this.#action;
    const inflight = this.#inflight;
    const unlisten = this.#unlisten;
    this.#action = undefined;
    this.#inflight = undefined;
    this.#unlisten = undefined;
    action?.unsubscribe();
    inflight?.unsubscribe();
    unlisten?.();
  }
}
