import type { SchedulerAction, SchedulerLike, Subscriber, Subscription, Unsubscribable } from 'rxjs';
import { Observable } from 'rxjs';

import { InterruptedError } from '../errors/InterruptedError.js';
import { namedError, withoutStack } from '../errors/errorShapes.js';
import { isInterruptedErrorLike } from '../errors/guards.js';
import type { AttemptInfo, AttemptOutcome, ConditionContext } from '../types.js';
import { listenAbort } from './listenAbort.js';

/**
 * The one loop every operator runs on: attempts on a schedule, a deadline, an abort
 * signal, one AbortController per subscription (made at the first call of user code
 * that gets a context; `backoffRetry` and `repeatUntil` make none), and exactly one of
 * three endings: success, interruption, or an error.
 *
 * Real clocks. Timers fire late (GC, a busy event loop, throttled tabs), a millisecond
 * early by `Date.now()`, or while `Date` stands still (fake timers) or jumps back (NTP).
 * Wall clocks also step (an NTP step, a VM resumed, a person setting the time), and fake
 * timers may fake `Date` and leave `performance` real, or the other way round. So the loop
 * keeps its own clock, `now()`: on RxJS's own schedulers (whose `now()` is `Date.now()`),
 * only the time that both `Date` and the monotonic `performance.now()` agree has passed;
 * on any other scheduler (virtual, custom), that scheduler's `now()`; in both cases never
 * less than the time the last fired timer was armed for, and never going back. Hence:
 * - a tick or the deadline that fires counts as having reached its instant even when
 *   `now()` says otherwise (no second call for one early tick, a deadline that passes
 *   under a frozen `Date`);
 * - every fired tick re-checks the signal and the deadline before it calls (a late tick
 *   past the deadline calls nothing);
 * - the next attempt, even one due at once, always goes through the scheduler, so an
 *   async condition with a zero delay yields to the event loop between attempts.
 *
 * Pending actions: one (the next tick) while attempts are synchronous. The deadline gets
 * an action of its own the first time it is needed (an attempt stays in flight, or the
 * next attempt would come at or after it) and keeps it to the end, so that timers worth
 * `timeout` ms end the wait even when the clock cannot tell how long attempts took.
 */

/**
 * What a settled attempt says; each runner reports one per attempt through
 * {@link WaitLoop.settle}. A const enum: names in the source, small numbers in the bundle.
 */
export const enum Outcome {
  /** Success with a value: emit it, then complete. */
  Succeeded,
  /** Success with nothing to emit (a `backoffRetry` source that completed): complete. */
  Completed,
  /** Not done yet: the plan says what follows. */
  NotDone,
  /** A retriable error (`backoffRetry`): the plan says what follows, and may say nothing. */
  Retriable,
  /** The wait errors with this very error. */
  Failed,
}

/** When the first attempt comes. */
export const enum First {
  /** At subscription even when the signal is already aborted or the timeout is 0 (Go's immediate poll). */
  Forced,
  /** At subscription unless already interrupted (backoffs, `until`). */
  Now,
  /** At the plan's `firstAt` (a poll or a backoff that is not immediate). */
  Delayed,
}

/** What an abort or the deadline does to the result. */
export const enum OnInterrupt {
  Error,
  /** Completes it (`until`: stopping a periodic job is its normal end). */
  Complete,
}

/**
 * One operator's plan: what an attempt is, when the first one comes, what follows one that
 * did not succeed, what an interruption does and what running out means. The loop reads it
 * and decides nothing of this itself. Times are ms since the subscription (the loop's
 * clock). A plan with state (a backoff's delay and count) is made per subscription; the
 * plans are classes, so that their methods cost no closure per operator call.
 */
export interface Plan<T> {
  /**
   * Starts attempt `attempt`; it reports back through the loop's `settle` (once), `next`
   * (values passed through on the way) and `track` (work to cancel). A plan that calls
   * user code with a context asks `loop.context(attempt)`.
   */
  run(loop: WaitLoop<T>, attempt: number): void;
  readonly first: First;
  /** The first attempt's time, for `First.Delayed`. */
  firstAt?(): number;
  /**
   * The next attempt's time, after an attempt that started at `startedAt` settled without
   * success at `now` (`error`: the retriable error, for `Outcome.Retriable`); `undefined`
   * when no attempt remains. A throw fails the wait with the thrown error.
   */
  next(now: number, startedAt: number, error: unknown): number | undefined;
  /** An attempt passed a value through (`backoffRetry`'s `resetOnSuccess` restarts there). */
  passed?(): void;
  readonly onInterrupt: OnInterrupt;
  /**
   * The error when `next` says no attempt remains, after `attempts` attempts, the last
   * one's retriable error being `lastError`. Only plans that can run out have it.
   */
  exhausted?(lastError: unknown, attempts: number): unknown;
  /** The wait was interrupted with this new error (`pollValue` adds the last value seen). */
  interrupted?(error: InterruptedError): void;
}

/** The user's options every operator shares, validated; the same for all subscriptions. */
export interface WaitSettings {
  scheduler: SchedulerLike;
  signal: AbortSignal | undefined;
  /** ms from subscription; `Infinity` for none. */
  timeout: number;
  /** Called after each attempt settles. */
  onAttempt: ((info: AttemptInfo) => void) | undefined;
  /** The scheduler's `now()` is RxJS's own (`Date.now()`, unless `TestScheduler.run` made it virtual). */
  dateClock: boolean;
}

/** setTimeout's largest delay; longer waits are armed in parts. */
const MAX_DELAY = 0x7fffffff;
const NONE: unique symbol = Symbol('none');
const UNSUBSCRIBED: unique symbol = Symbol('unsubscribed');

/**
 * The tick action that is running, while it runs, and its loop (unset when the action
 * cannot be reused). A next tick armed synchronously from there reschedules this very
 * action (see `#armTick`). Module-level, so no wait pays a field. A tick that runs another
 * loop's tick inside it (`queueScheduler`) finds it unset afterwards, and simply makes a
 * new action.
 */
let firingLoop: WaitLoop<unknown> | undefined;
let firingAction: SchedulerAction<WaitLoop<unknown>> | undefined;

/**
 * The time `Date` and the monotonic clock agree on, for every wait on RxJS's own
 * schedulers: one timeline in the module, so that no wait pays fields for it. Between two
 * readings, clocks that moved by amounts more than 2 ms apart, or either of which went
 * back, have parted (a step of `Date`, one of the two faked while the other runs on real
 * time, fake timers installed or removed): the lesser amount
 * counts (the monotonic one when `Date` went back, which says nothing of the time in
 * between; none when both went back, as when fake timers are installed or removed), and
 * the two are taken to agree again from there. Otherwise the time is the lesser of their
 * spans since they last parted, so that rounding (`Date` in whole ms) never accumulates.
 * Whole ms, as `Date` gives them. The first reading parts from zero: the timeline's origin
 * means nothing, waits count from their own start. It never goes back: a parting adds
 * nothing negative, and between partings both spans only grow.
 */
let wallAt = 0;
let monoAt = 0;
let agreedAt = 0;
let wallLast = 0;
let monoLast = 0;
let agreed = 0;

/** @internal The timeline's time at wall time `wall`; exported for `spec/waitLoop.timeline.spec.ts`. */
export function agreedTime(wall: number): number {
  const mono = performance.now();
  const dw = wall - wallLast;
  const dm = mono - monoLast;
  let now: number;
  wallLast = wall;
  monoLast = mono;
  if (dw < 0 || dm < 0 || Math.abs(dw - dm) > 2) {
    now = agreedAt = agreed + Math.floor(Math.max(0, dw < 0 ? dm : Math.min(dw, dm)));
    wallAt = wall;
    monoAt = mono;
  } else {
    now = agreedAt + Math.floor(Math.min(wall - wallAt, mono - monoAt));
  }
  return (agreed = now);
}

/**
 * Whether rescheduling `action` from inside its own run is cheap and safe: only for an
 * action of the very scheduler the wait was given (a wrapper around `asyncScheduler`, one
 * that scales time or counts, must see every tick through its own `schedule()`); RxJS's
 * `AsyncAction` family keeps its timer (`setInterval`) when the delay is unchanged, and
 * reuses itself otherwise. A `VirtualAction` (`VirtualTimeScheduler`, `TestScheduler`)
 * instead chains a new child action per reschedule, which a long poll would grow without
 * end (and overflow the stack when unsubscribed): those, and actions of schedulers not
 * built on `AsyncAction`, get a fresh action per tick. Duck-typed, so that it holds across
 * two installed copies of rxjs.
 */
function reusable(action: SchedulerAction<unknown>, scheduler: SchedulerLike): boolean {
  const fields = action as unknown as { recycleAsyncId?: unknown; index?: unknown; scheduler?: unknown };
  return (
    fields.scheduler === scheduler && typeof fields.recycleAsyncId === 'function' && typeof fields.index !== 'number'
  );
}

// Module-level, not methods bound per wait: the scheduler gets the loop as its state.
function fireTick(this: SchedulerAction<WaitLoop<unknown>>, loop?: WaitLoop<unknown>): void {
  try {
    loop!.onTick(this);
  } finally {
    firingLoop = firingAction = undefined;
  }
}
function fireDeadline(this: SchedulerAction<WaitLoop<unknown>>, loop?: WaitLoop<unknown>): void {
  loop!.onDeadline();
}

export class WaitLoop<T> implements Unsubscribable {
  #ended = false;
  #endReason: unknown = undefined;
  /** Attempts started so far. */
  #calls = 0;
  /** The attempt in flight, 0 for none. */
  #running = 0;
  /**
   * The scheduler's time at subscription. Every other time here is ms since then: small
   * whole numbers on a ms clock, which V8 keeps unboxed (a wait holds several; as absolute
   * `Date.now()` values each was a 16-byte heap number).
   */
  readonly #start: number;
  /** When the running (or last) attempt started. */
  #startedAt = 0;
  /** The loop's clock: the latest time seen or reached by a fired timer; never goes back. */
  #clock = 0;
  /**
   * The scheduler's `now()` is `Date.now()` (RxJS's own schedulers): time is what `Date` and
   * the monotonic clock agree on (`agreedTime`). Else the scheduler's `now()` alone tells it.
   */
  readonly #twoClocks: boolean;
  /**
   * @internal Inside `TestScheduler.run` (its virtual `asyncScheduler`, or the test scheduler
   * itself in run mode), where a promise cannot settle in virtual time. `runSettled` marks
   * its run mode `'settled'`, not `true`.
   */
  readonly inRun: boolean;
  /** The pending action for the next attempt, and the time it aims at. */
  #tick: Subscription | undefined = undefined;
  #tickAt = 0;
  /**
   * When the pending tick's timer ends: `#tickAt`, or sooner when the delay is longer
   * than one timer allows and is armed in parts.
   */
  #tickPartEnd = 0;
  /** The deadline's action, once armed; kept until the end. */
  #deadlineAction: Subscription | undefined = undefined;
  #deadlinePartEnd = 0;
  /** The deadline fired with an attempt in flight and yields once, in the same instant. */
  #deadlineYielded = false;
  /**
   * Counts fired actions. A scheduler may run a zero-delay action inside `schedule()`
   * (`queueScheduler`): when the count moved while `schedule()` ran, the action it returned
   * has run already and is not stored (storing it would overwrite whatever that run armed,
   * leaving that action alive after the wait ends).
   */
  #fired = 0;
  #controller: AbortController | undefined = undefined;
  #inflight: Unsubscribable | undefined = undefined;
  #unlisten: (() => void) | undefined = undefined;

  readonly #subscriber: Subscriber<T>;
  readonly #settings: WaitSettings;
  readonly #plan: Plan<T>;

  constructor(subscriber: Subscriber<T>, settings: WaitSettings, plan: Plan<T>) {
    this.#subscriber = subscriber;
    this.#settings = settings;
    this.#plan = plan;
    const scheduler = settings.scheduler;
    const now = scheduler.now();
    // RxJS's own clock, unless `TestScheduler.run` has made it virtual
    // eslint-disable-next-line no-restricted-properties -- is the scheduler's clock Date's right now?
    this.#twoClocks = settings.dateClock && Math.abs(now - Date.now()) < 1000;
    this.#start = this.#twoClocks ? agreedTime(now) : now;
    this.inRun = settings.dateClock ? !this.#twoClocks : (scheduler as { runMode?: unknown }).runMode === true;
  }

  /**
   * Starts the wait; call once, right after construction. The loop is the subscriber's
   * teardown from here on, before the first attempt: a consumer that unsubscribes while
   * a synchronous source is still emitting (a `take(1)`) must reach the loop then, not
   * after the source is done (never, for an endless one).
   */
  begin(): void {
    this.#subscriber.add(this);
    if (this.#ended) return;
    const signal = this.#settings.signal;
    const first = this.#plan.first;
    if (signal !== undefined && !signal.aborted) {
      this.#unlisten = listenAbort(signal, () => this.#interrupt(signal.reason));
    }
    if (first === First.Forced) {
      this.#attempt();
      return;
    }
    const cause = this.#interruption(0);
    if (cause !== NONE) this.#interrupt(cause);
    else if (first === First.Now) this.#attempt();
    else this.#waitFor(this.#plan.firstAt!(), 0);
  }

  /** Teardown: stops everything; aborts the context signal unless the wait succeeded. */
  unsubscribe(): void {
    if (!this.#ended) this.#end(UNSUBSCRIBED);
  }

  /**
   * @internal The loop's time, ms since subscription: the scheduler's, but never back and
   * never behind a fired timer.
   */
  now(): number {
    const now = this.#settings.scheduler.now();
    const t = (this.#twoClocks ? agreedTime(now) : now) - this.#start;
    return t > this.#clock ? (this.#clock = t) : this.#clock;
  }

  // ---- reports from runners; each ignores a stale attempt or an ended wait ----

  /** A value to pass through to the subscriber (the plan hears of it first). */
  next(attempt: number, value: T): void {
    if (this.#ended || attempt !== this.#running) return;
    this.#plan.passed?.();
    this.#subscriber.next(value);
  }

  /**
   * How attempt `attempt` ended; `payload` is the value for `Outcome.Succeeded`, the error
   * for `Outcome.Retriable` and `Outcome.Failed`, and what the attempt saw for
   * `Outcome.NotDone`. `result` is what `onAttempt` is told the attempt produced.
   */
  settle(attempt: number, outcome: Outcome, payload?: unknown, result: unknown = payload): void {
    if (this.#ended || attempt !== this.#running) return;
    if (outcome === Outcome.NotDone || outcome === Outcome.Retriable) {
      this.#continueAfter(attempt, outcome, payload);
    } else if (outcome === Outcome.Failed) {
      if (this.#report(attempt, 'error', payload)) this.#failWith(payload);
    } else if (this.#report(attempt, 'done', result)) {
      this.#ended = true;
      this.#running = 0;
      this.#cleanup();
      if (outcome === Outcome.Succeeded) this.#subscriber.next(payload as T);
      this.#subscriber.complete();
    }
  }

  /**
   * Work of the running attempt to cancel if the wait ends first. Track it before it can
   * emit (before subscribing a source), so that a synchronous source sees the end.
   */
  track(attempt: number, work: Unsubscribable): void {
    if (this.#ended || attempt !== this.#running) work.unsubscribe();
    else this.#inflight = work;
  }

  /**
   * @internal The context for user code in attempt `attempt`. A plain object, so that
   * `{ ...context }`, destructuring and `JSON.stringify` keep `signal`: an accessor
   * would have cost a closure (or a `defineProperty`) per attempt, several times the
   * cost of the attempt itself; the signal is one per subscription, made on first use.
   */
  context(attempt: number): ConditionContext {
    this.#controller ??= new AbortController();
    return { attempt, signal: this.#controller.signal };
  }

  /** @internal The tick's action fired. */
  onTick(action: SchedulerAction<WaitLoop<unknown>>): void {
    this.#fired++;
    this.#tick = undefined;
    if (this.#ended) return;
    const reached = this.#tickPartEnd;
    if (reached > this.#clock) this.#clock = reached;
    // a parked timer (see `#attempt`) that no decision claimed: nothing is due
    if (this.#tickAt < 0) return;
    const now = this.now();
    firingLoop = reusable(action, this.#settings.scheduler) ? this : undefined;
    firingAction = action;
    if (reached < this.#tickAt) {
      this.#armTick(this.#tickAt, now);
      return;
    }
    // A late tick may fire after the deadline, or after an abort whose listener has not
    // run yet: Go checks the context after every tick, and so does this loop.
    const cause = this.#interruption(now);
    if (cause !== NONE) this.#interrupt(cause);
    else this.#attempt();
  }

  /** @internal The deadline's action fired. */
  onDeadline(): void {
    this.#fired++;
    this.#deadlineAction = undefined;
    if (this.#ended) return;
    const reached = this.#deadlinePartEnd;
    if (reached > this.#clock) this.#clock = reached;
    if (reached < this.#settings.timeout) {
      this.#armDeadline(this.now());
    } else if (this.#running !== 0 && !this.#deadlineYielded) {
      // An attempt that settles in the deadline's instant is seen first (Go's rule). Its
      // timer may have been armed after this one (the deadline is armed once, at the first
      // attempt left in flight), so yield once: a zero-delay action runs after whatever the
      // scheduler already holds for this instant (schedulers keep insertion order there).
      this.#deadlineYielded = true;
      this.#armDeadline(this.#settings.timeout);
    } else {
      this.#interrupt(this.#timeoutCause());
    }
  }

  // ---- internals ----

  /**
   * The attempt did not succeed: the plan names the next attempt's time, decided once;
   * `onAttempt` hears that decision and the loop acts on it.
   */
  #continueAfter(attempt: number, outcome: Outcome, error: unknown): void {
    this.#running = 0;
    this.#inflight = undefined;
    const now = this.now();
    let at: number | undefined;
    try {
      at = this.#plan.next(now, this.#startedAt, error);
    } catch (planError) {
      if (this.#report(attempt, 'error', planError)) this.#failWith(planError);
      return;
    }
    if (this.#ended) return; // the plan's user code (`shouldRetry`, say) unsubscribed
    // No attempt left beats an abort or deadline seen in the same instant: the attempts
    // really did run out (Go returns ErrWaitTimeout after the last call, without looking
    // at ctx), and backoffRetry must rethrow its source's last error as it is.
    const cause = at === undefined ? NONE : this.#interruption(now);
    // The decision: the next attempt comes in `delay` ms, or `undefined`: none follows
    // (run out, interrupted, or due at or after the deadline, which wins the tie).
    const delay =
      at !== undefined && cause === NONE && at < this.#settings.timeout ? (at > now ? at - now : 0) : undefined;
    if (!this.#report(attempt, outcome === Outcome.Retriable ? 'error' : 'not-done', error, delay)) return;
    // armed for the time decided, from the time now: `onAttempt` may have taken some
    if (delay !== undefined) this.#armTick(at!, this.#settings.onAttempt === undefined ? now : this.now());
    else if (at === undefined) this.#failWith(this.#plan.exhausted!(error, this.#calls));
    else if (cause !== NONE) this.#interrupt(cause);
    else this.#armDeadline(now);
  }

  /**
   * Tells `onAttempt` how an attempt settled: `payload` is its error for `'error'`, what it
   * produced otherwise. A throwing hook fails the wait with its error; returns whether the
   * wait goes on.
   */
  #report(attempt: number, outcome: AttemptOutcome, payload?: unknown, nextDelay?: number): boolean {
    const hook = this.#settings.onAttempt;
    if (hook === undefined) return true;
    const info: AttemptInfo = { attempt, elapsed: this.now(), outcome };
    if (outcome === 'error') info.error = payload;
    else if (payload !== undefined) info.result = payload;
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
    this.#startedAt = this.now();
    try {
      this.#plan.run(this, n);
    } catch (error) {
      this.settle(n, Outcome.Failed, error);
    }
    if (this.#ended || this.#running !== n) return;
    // Still in flight: an interruption already visible ends it now; else the deadline
    // will, timed from now, after the attempt's synchronous part.
    const now = this.now();
    const cause = this.#interruption(now);
    if (cause !== NONE) this.#interrupt(cause);
    else {
      this.#armDeadline(now);
      // A promise settles after this tick has run: park the fired action, rescheduled now
      // with its own delay, so Node keeps its interval, due one delay after this firing.
      // When the attempt settles, a next attempt due just then takes it as it is (a poll's
      // fixed rate); any other time reschedules it (no new action); none lets it fire once,
      // unclaimed (`#tickAt` < 0). Only when time stood still, as for reuse in `#armTick`.
      if (firingLoop === this && now === this.#startedAt) {
        // a reusable action is an `AsyncAction`: it has the delay it fired with
        const delay = (firingAction as unknown as { delay: number }).delay;
        firingLoop = undefined;
        this.#tickAt = -1;
        this.#tickPartEnd = now + delay;
        this.#tick = firingAction!.schedule(this, delay);
      }
    }
  }

  /**
   * Waits for the attempt at `at`. The next attempt always goes through the scheduler,
   * even when due now: run from an async settle, it would otherwise chain attempts in
   * microtasks and starve the event loop. An attempt at or after the deadline never
   * comes: the deadline wins the tie.
   */
  #waitFor(at: number, now: number): void {
    if (at < this.#settings.timeout) this.#armTick(at, now);
    else this.#armDeadline(now);
  }

  /**
   * Arms the tick for `at`. From inside this loop's own tick, after an attempt during which
   * time stood still (it settled at the time it started), the fired action is rescheduled
   * rather than a new one made: on
   * `asyncScheduler` that saves an action, a bound function and, when the delay is the
   * same as last time (a poll whose attempts settle at once), the `clearInterval` and
   * `setInterval` too: Node keeps the interval, due one delay after this firing, which is
   * `at`. When time moved during the attempt, the interval's count would start too early:
   * a new timer then. A zero delay always gets a new action (queue and asap actions run
   * those differently).
   */
  #armTick(at: number, now: number): void {
    const delay = at > now ? at - now : 0;
    const parked = this.#tick as SchedulerAction<WaitLoop<unknown>> | undefined;
    this.#tickAt = at;
    // the parked action of `#attempt`: kept when it fires at `at`, else moved there
    if (parked && delay > 0 && delay <= MAX_DELAY) {
      if (at !== this.#tickPartEnd) parked.schedule(this, delay);
      this.#tickPartEnd = at;
      return;
    }
    if (parked) {
      parked.unsubscribe();
      this.#tick = undefined;
    }
    this.#tickPartEnd = delay > MAX_DELAY ? now + MAX_DELAY : at;
    let action: Subscription | undefined;
    if (firingLoop === this && delay > 0 && now === this.#startedAt) {
      firingLoop = undefined; // once per run
      action = firingAction!.schedule(this, delay > MAX_DELAY ? MAX_DELAY : delay);
    } else {
      action = this.#timer(fireTick, delay);
    }
    if (action !== undefined) this.#tick = action;
  }

  /** Arms the deadline's action, once; a no-op without a deadline or when already armed. */
  #armDeadline(now: number): void {
    const deadline = this.#settings.timeout;
    if (this.#deadlineAction !== undefined || deadline === Infinity) return;
    const delay = deadline > now ? deadline - now : 0;
    this.#deadlinePartEnd = delay > MAX_DELAY ? now + MAX_DELAY : deadline;
    const action = this.#timer(fireDeadline, delay);
    if (action !== undefined) this.#deadlineAction = action;
  }

  /**
   * Schedules `fire` in `delay` ms, at most one timer's worth. `undefined` when it already
   * ran inside `schedule()` (see `#fired`): its slot then holds whatever that run armed.
   */
  #timer(fire: (this: SchedulerAction<WaitLoop<unknown>>, loop?: WaitLoop<unknown>) => void, delay: number) {
    const fired = this.#fired;
    const action = this.#settings.scheduler.schedule(fire, delay > MAX_DELAY ? MAX_DELAY : delay, this);
    return this.#fired === fired ? action : undefined;
  }

  #interruption(now: number): unknown {
    const signal = this.#settings.signal;
    if (signal !== undefined && signal.aborted) return signal.reason;
    if (now >= this.#settings.timeout) return this.#timeoutCause();
    return NONE;
  }

  #timeoutCause(): Error {
    return namedError(`The wait timed out after ${this.#settings.timeout} ms`, 'TimeoutError');
  }

  #interrupt(cause: unknown): void {
    if (this.#ended) return;
    if (this.#plan.onInterrupt === OnInterrupt.Complete) {
      this.#end(cause);
      this.#subscriber.complete();
      return;
    }
    const calls = this.#calls;
    let error = cause;
    if (!isInterruptedErrorLike(cause)) {
      error = withoutStack(() => new InterruptedError(cause, calls));
      this.#plan.interrupted?.(error as InterruptedError);
    }
    this.#end(cause);
    this.#subscriber.error(error);
  }

  #failWith(error: unknown): void {
    this.#end(error);
    this.#subscriber.error(error);
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
      this.#endReason = namedError('The wait was unsubscribed', 'AbortError');
    }
    return this.#endReason;
  }

  #cleanup(): void {
    const tick = this.#tick;
    const deadline = this.#deadlineAction;
    const inflight = this.#inflight;
    const unlisten = this.#unlisten;
    this.#tick = undefined;
    this.#deadlineAction = undefined;
    this.#inflight = undefined;
    this.#unlisten = undefined;
    tick?.unsubscribe();
    deadline?.unsubscribe();
    inflight?.unsubscribe();
    unlisten?.();
  }
}

/**
 * @internal The Observable of a wait: each subscription runs its own loop, with the plan
 * `plan()` makes for it (a plan that keeps no state of its own may be one for all).
 */
export function waitObservable<T>(settings: WaitSettings, plan: () => Plan<T>): Observable<T> {
  return new Observable<T>((subscriber) => new WaitLoop(subscriber, settings, plan()).begin());
}
