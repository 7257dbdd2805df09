/**
 * An executable model of the wait semantics (shared/wait-semantics.md, Parts A and B):
 * pure functions from a scenario to the expected timeline of attempts and the one
 * outcome. Written from the rules, not from the implementation, so the properties in
 * spec/properties.spec.ts can compare the two.
 *
 * Scenario conventions, chosen so that no two events of different kinds tie unless a
 * rule decides the tie:
 * - attempt durations, intervals, delays and timeouts are whole milliseconds;
 * - `abortAt` and `unsubscribeAt` are whole milliseconds plus 0.5, or -1 for a signal
 *   aborted before subscription;
 * - an attempt of duration 0 answers synchronously.
 */

export type Answer = 'true' | 'false' | 'throw';

export interface Step {
  duration: number;
  answer: Answer;
}

export type OutcomeKind = 'done' | 'deadline' | 'abort' | 'exhausted' | 'error' | 'unsubscribed' | 'complete';

export interface Outcome {
  kind: OutcomeKind;
  at: number;
  /** For 'error': which attempt's error (from 1). */
  attempt?: number;
}

export interface Timeline {
  /** When each attempt started. */
  calls: number[];
  outcome: Outcome;
}

const NO_STEP: Step = { duration: 0, answer: 'false' };
const stepAt = (steps: Step[], i: number): Step => steps[i] ?? NO_STEP;

// ---------------------------------------------------------------------------------------
// Go's Backoff.Step() (A3), written from the rule.

export interface GoBackoff {
  duration: number;
  factor: number;
  jitter: number;
  steps: number;
  cap: number;
}

export function goStep(b: GoBackoff, random: () => number): { delay: number; next: GoBackoff } {
  const jittered = (d: number) => (b.jitter > 0 ? d + random() * b.jitter * d : d);
  if (b.steps < 1) return { delay: jittered(b.duration), next: b };
  const next = { ...b, steps: b.steps - 1 };
  if (b.factor !== 0) {
    next.duration = b.duration * b.factor;
    if (b.cap > 0 && next.duration > b.cap) {
      next.duration = b.cap;
      next.steps = 0;
    }
  }
  return { delay: jittered(b.duration), next };
}

export function goDelays(b: GoBackoff, count: number, random: () => number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const { delay, next } = goStep(b, random);
    out.push(delay);
    b = next;
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Shared: what ends a wait from outside, before an attempt or while one runs.

interface Externals {
  deadline: number;
  abortAt: number; // Infinity for never, -1 for before subscription
  unsubscribeAt: number;
}

/** The first of abort / unsubscribe strictly before `t`, or a deadline at or before `t`. */
function endBefore(e: Externals, t: number): Outcome | undefined {
  const candidates: Outcome[] = [];
  if (e.abortAt < t) candidates.push({ kind: 'abort', at: Math.max(0, e.abortAt) });
  if (e.unsubscribeAt < t) candidates.push({ kind: 'unsubscribed', at: e.unsubscribeAt });
  if (e.deadline <= t) candidates.push({ kind: 'deadline', at: e.deadline });
  candidates.sort((a, b) => a.at - b.at);
  return candidates[0];
}

/**
 * While an asynchronous attempt runs from `start` to `settle`: an abort or unsubscribe
 * before it settles, or a deadline strictly before the settling (a settling at the
 * deadline instant is seen first). A signal aborted earlier, or a deadline already
 * passed, ends it at `start`.
 */
function endDuring(e: Externals, start: number, settle: number): Outcome | undefined {
  const candidates: Outcome[] = [];
  if (e.abortAt < settle) candidates.push({ kind: 'abort', at: Math.max(start, e.abortAt) });
  if (e.unsubscribeAt < settle) candidates.push({ kind: 'unsubscribed', at: Math.max(start, e.unsubscribeAt) });
  if (e.deadline < settle) candidates.push({ kind: 'deadline', at: Math.max(start, e.deadline) });
  candidates.sort((a, b) => a.at - b.at);
  return candidates[0];
}

/** After an attempt settled `false` at `now`: a visible abort, then a passed deadline. */
function endAfter(e: Externals, now: number): Outcome | undefined {
  if (e.abortAt < now) return { kind: 'abort', at: now };
  if (e.deadline <= now) return { kind: 'deadline', at: now };
  return undefined;
}

/**
 * Starts an attempt at `t` (unless something ended the wait first; `forced` skips that
 * check, for Go's immediate first call) and runs it: returns the outcome that ended the
 * wait meanwhile, or the instant the attempt settled.
 */
function runAttempt(e: Externals, calls: number[], t: number, step: Step, forced = false): Outcome | number {
  if (!forced) {
    const end = endBefore(e, t);
    if (end) return end;
  }
  calls.push(t);
  const settle = t + step.duration;
  return (step.duration > 0 && endDuring(e, t, settle)) || settle;
}

// ---------------------------------------------------------------------------------------
// pollUntil / pollImmediate (A2, B3)

export interface PollScenario {
  interval: number;
  timeout: number;
  immediate: boolean;
  sliding: boolean;
  steps: Step[];
  abortAt: number;
  unsubscribeAt: number;
}

export function pollModel(s: PollScenario): Timeline {
  const e: Externals = { deadline: s.timeout, abortAt: s.abortAt, unsubscribeAt: s.unsubscribeAt };
  const calls: number[] = [];
  let t = s.immediate ? 0 : s.interval;
  for (let i = 0; ; i++) {
    const step = stepAt(s.steps, i);
    // Go: one call at the start, whatever the context says
    const settle = runAttempt(e, calls, t, step, i === 0 && s.immediate);
    if (typeof settle !== 'number') return { calls, outcome: settle };
    if (step.answer === 'true') return { calls, outcome: { kind: 'done', at: settle } };
    if (step.answer === 'throw') return { calls, outcome: { kind: 'error', at: settle, attempt: i + 1 } };
    const end = endAfter(e, settle);
    if (end) return { calls, outcome: end };
    if (s.sliding) t = settle + s.interval;
    else {
      // the first tick after this attempt's start; a tick missed while it ran is due at once
      let next = (Math.floor(t / s.interval) + 1) * s.interval;
      if (next <= t) next += s.interval;
      t = Math.max(next, settle);
    }
  }
}

// ---------------------------------------------------------------------------------------
// exponentialBackoff (A4, B6)

export interface BackoffScenario {
  backoff: GoBackoff;
  /** The most attempts (the operator's `steps`). */
  attempts: number;
  random: number;
  timeout: number;
  steps: Step[];
  abortAt: number;
  unsubscribeAt: number;
}

export function exponentialBackoffModel(s: BackoffScenario): Timeline {
  const e: Externals = { deadline: s.timeout, abortAt: s.abortAt, unsubscribeAt: s.unsubscribeAt };
  const calls: number[] = [];
  if (s.attempts === 0) return { calls, outcome: { kind: 'exhausted', at: 0 } };
  const delays = goDelays({ ...s.backoff, steps: s.attempts }, s.attempts, () => s.random);
  let t = 0;
  for (let i = 0; i < s.attempts; i++) {
    const step = stepAt(s.steps, i);
    const settle = runAttempt(e, calls, t, step);
    if (typeof settle !== 'number') return { calls, outcome: settle };
    if (step.answer === 'true') return { calls, outcome: { kind: 'done', at: settle } };
    if (step.answer === 'throw') return { calls, outcome: { kind: 'error', at: settle, attempt: i + 1 } };
    if (i === s.attempts - 1) return { calls, outcome: { kind: 'exhausted', at: settle } };
    const after = endAfter(e, settle);
    if (after) return { calls, outcome: after };
    t = settle + delays[i];
  }
  throw new Error('unreachable');
}

// ---------------------------------------------------------------------------------------
// backoffRetry (A7, B7): a subscription "answers" 'true' by completing, 'throw' by
// erroring (retried), and never answers 'false'.

export function backoffRetryModel(s: BackoffScenario): Timeline {
  const e: Externals = { deadline: s.timeout, abortAt: s.abortAt, unsubscribeAt: s.unsubscribeAt };
  const calls: number[] = [];
  const delays = goDelays({ ...s.backoff, steps: s.attempts }, s.attempts, () => s.random);
  let t = 0;
  for (let i = 0; ; i++) {
    const step = stepAt(s.steps, i);
    const settle = runAttempt(e, calls, t, step);
    if (typeof settle !== 'number') return { calls, outcome: settle };
    if (step.answer !== 'throw') return { calls, outcome: { kind: 'complete', at: settle } };
    // the last allowed subscription's error is rethrown as it is
    if (i === s.attempts - 1) return { calls, outcome: { kind: 'error', at: settle, attempt: i + 1 } };
    const after = endAfter(e, settle);
    if (after) return { calls, outcome: after };
    t = settle + delays[i];
  }
}

// ---------------------------------------------------------------------------------------
// until (A6, B9): every run "answers" by emitting; an abort or the timeout completes.

export interface UntilScenario {
  period: number;
  sliding: boolean;
  timeout: number;
  steps: Step[];
  abortAt: number;
  unsubscribeAt: number;
}

export interface UntilTimeline extends Timeline {
  /** When each run's value came out. */
  emissions: number[];
}

export function untilModel(s: UntilScenario): UntilTimeline {
  const e: Externals = { deadline: s.timeout, abortAt: s.abortAt, unsubscribeAt: s.unsubscribeAt };
  const calls: number[] = [];
  const emissions: number[] = [];
  const complete = (end: Outcome): UntilTimeline => ({
    calls,
    emissions,
    outcome: end.kind === 'abort' || end.kind === 'deadline' ? { kind: 'complete', at: end.at } : end,
  });
  let t = 0;
  for (let i = 0; ; i++) {
    const step = stepAt(s.steps, i);
    const settle = runAttempt(e, calls, t, step);
    if (typeof settle !== 'number') return complete(settle);
    if (step.answer === 'throw') return { calls, emissions, outcome: { kind: 'error', at: settle, attempt: i + 1 } };
    emissions.push(settle);
    const after = endAfter(e, settle);
    if (after) return complete(after);
    t = s.sliding ? settle + s.period : Math.max(t + s.period, settle);
  }
}
