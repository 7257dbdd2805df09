/**
 * Model-based properties: random scenarios run in virtual time against the operators and
 * against the executable model in spec/model/model.ts; every attempt instant and the
 * outcome must agree, and the invariants must hold in every case. The seed is fixed; a
 * failure prints the seed and the counterexample, and `FC_SEED=... FC_PATH=...` (see
 * fast-check's report) replays it.
 */
import fc from 'fast-check';
import type { Observable, SchedulerLike, Subscription } from 'rxjs';
import { asyncScheduler, defer, finalize, map, throwError, timer } from 'rxjs';
import type { SchedulerAction } from 'rxjs';
import type { Backoff, ConditionContext } from '../src';
import { backoffRetry, exponentialBackoff, pollImmediate, pollUntil, pollValue, stepBackoff, until } from '../src';
import { abortListeners, countingScheduler, createTestScheduler } from './helpers';
import type { Perturbation } from './support/perturbedScheduler';
import { PerturbedScheduler } from './support/perturbedScheduler';
import type { BackoffScenario, GoBackoff, Outcome, PollScenario, Step, UntilScenario } from './model/model';
import { backoffRetryModel, exponentialBackoffModel, goDelays, pollModel, untilModel } from './model/model';

const SEED = Number(process.env.FC_SEED ?? 20261126);
const RUNS = Number(process.env.FC_RUNS ?? 1000);
const params = { seed: SEED, numRuns: RUNS, path: process.env.FC_PATH, endOnFailure: true };

// ---- arbitraries ----------------------------------------------------------------------

const stepArb: fc.Arbitrary<Step> = fc.record({
  duration: fc.oneof(
    { weight: 2, arbitrary: fc.constant(0) },
    { weight: 3, arbitrary: fc.integer({ min: 1, max: 40 }) },
  ),
  answer: fc.oneof(
    { weight: 12, arbitrary: fc.constant<'false'>('false') },
    { weight: 2, arbitrary: fc.constant<'true'>('true') },
    { weight: 1, arbitrary: fc.constant<'throw'>('throw') },
  ),
});
const stepsArb = fc.array(stepArb, { maxLength: 14 });
const half = (max: number) => fc.integer({ min: 0, max }).map((n) => n + 0.5);
const abortArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant(Infinity) },
  { weight: 1, arbitrary: fc.constant(-1) },
  { weight: 3, arbitrary: half(250) },
);
const timeoutArb = fc.oneof(
  { weight: 1, arbitrary: fc.constant(Infinity) },
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 250 }) },
);

const pollArb: fc.Arbitrary<PollScenario> = fc.record({
  interval: fc.integer({ min: 1, max: 25 }),
  timeout: timeoutArb,
  immediate: fc.boolean(),
  sliding: fc.boolean(),
  steps: stepsArb,
  abortAt: abortArb,
  unsubscribeAt: half(400),
});

const goBackoffArb: fc.Arbitrary<GoBackoff> = fc.record({
  duration: fc.integer({ min: 0, max: 30 }),
  factor: fc.integer({ min: 0, max: 3 }),
  jitter: fc.constant(0),
  steps: fc.constant(0),
  cap: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 60 })),
});

const backoffArb = (minAttempts: number): fc.Arbitrary<BackoffScenario> =>
  fc.record({
    backoff: goBackoffArb,
    attempts: fc.integer({ min: minAttempts, max: 10 }),
    random: fc.constant(0),
    timeout: timeoutArb,
    steps: stepsArb,
    abortAt: abortArb,
    unsubscribeAt: half(400),
  });

const untilArb: fc.Arbitrary<UntilScenario> = fc.record({
  period: fc.integer({ min: 1, max: 25 }),
  sliding: fc.boolean(),
  timeout: timeoutArb,
  steps: fc.array(
    fc.record({
      duration: stepArb.map((s) => s.duration),
      answer: fc.oneof(
        { weight: 15, arbitrary: fc.constant<'false'>('false') },
        { weight: 1, arbitrary: fc.constant<'throw'>('throw') },
      ),
    }),
    { maxLength: 14 },
  ),
  abortAt: abortArb,
  unsubscribeAt: half(400),
});

// ---- the harness ----------------------------------------------------------------------

interface Observed {
  calls: number[];
  outcome: Outcome;
  terminalEvents: number;
  maxInFlight: number;
  pendingActions: number;
  listenersLeft: number;
  contextSignals: AbortSignal[];
  errors: Error[];
  caught: unknown;
  reason: unknown;
  emissions: number[];
  /** True time of each attempt's settling, in order. */
  settles: number[];
}

/**
 * Where a scenario runs: the scheduler the operator and the attempts' timers use, the true
 * time to record, and the test's own events (abort, unsubscribe), which come on time.
 */
interface World {
  scheduler: SchedulerLike;
  time(): number;
  at(time: number, work: () => void): void;
  run(body: () => void): void;
  pending(): number;
}

/** A perfect clock: a fresh TestScheduler in run mode. */
function virtualWorld(): World {
  const testScheduler = createTestScheduler();
  return {
    scheduler: testScheduler,
    time: () => testScheduler.now(),
    at: (time, work) => void testScheduler.schedule(work, time),
    run: (body) => testScheduler.run(body),
    pending: () => 0,
  };
}

/** A real clock's faults, replayed deterministically. */
function perturbedWorld(perturbation: Perturbation): World & { clock: PerturbedScheduler } {
  const clock = new PerturbedScheduler(perturbation);
  return {
    clock,
    scheduler: clock,
    time: () => clock.trueTime,
    at: (time, work) => clock.at(time, work),
    run: (body) => {
      body();
      clock.flush();
    },
    pending: () => clock.pending,
  };
}

/** A wall-clock step: at true time `at`, `Date` moves by `jump` ms; `performance.now()` does not. */
type WallStep = [at: number, jump: number];

/**
 * RxJS's real `AsyncAction`s on jest's modern fake timers, in one of two shapes:
 * - `asyncScheduler` itself, while `Date` steps (`wallSteps`: an NTP step, a VM resumed, a
 *   person setting the clock), which the loop must not take for time that passed;
 * - a wrapper around it whose ms are `slower` real ms (a time-scaled scheduler), which must
 *   see every tick through its own `schedule()`.
 * Timers are exact here, so every scenario must follow the model to the millisecond.
 */
function fakeTimerWorld(options: { wallSteps?: WallStep[]; slower?: number }): World {
  const k = options.slower ?? 1;
  let origin = 0;
  let left = 0;
  const world: World = {
    scheduler: asyncScheduler,
    time: () => (performance.now() - origin) / k,
    at: (time, work) => {
      if (Number.isFinite(time)) setTimeout(work, time * k);
    },
    run: (body) => {
      jest.useFakeTimers();
      try {
        origin = performance.now();
        if (k !== 1) {
          const started = asyncScheduler.now();
          world.scheduler = {
            now: () => started + (asyncScheduler.now() - started) / k,
            schedule: <T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T) =>
              asyncScheduler.schedule(work, delay * k, state),
          };
        }
        for (const [at, jump] of options.wallSteps ?? []) world.at(at, () => jest.setSystemTime(Date.now() + jump));
        body();
        jest.runAllTimers();
        left = jest.getTimerCount();
      } finally {
        jest.useRealTimers();
      }
    },
    pending: () => left,
  };
  return world;
}

/**
 * Runs `build` with a condition or source built from `steps`, aborting and unsubscribing
 * at the scenario's instants, and records what happened, in the world's true time.
 */
function observe(
  scenario: { steps: Step[]; abortAt: number; unsubscribeAt: number },
  build: (
    attempt: (context?: ConditionContext) => boolean | Observable<boolean>,
    options: { signal: AbortSignal; scheduler: ReturnType<typeof countingScheduler>['scheduler'] },
  ) => Observable<unknown>,
  world: World = virtualWorld(),
): Observed {
  const errors: Error[] = [];
  const observed: Observed = {
    calls: [],
    outcome: { kind: 'unsubscribed', at: NaN },
    terminalEvents: 0,
    maxInFlight: 0,
    pendingActions: 0,
    listenersLeft: 0,
    contextSignals: [],
    errors,
    caught: undefined,
    reason: undefined,
    emissions: [],
    settles: [],
  };
  const controller = new AbortController();
  const reason = new DOMException('scenario abort', 'AbortError');
  observed.reason = reason;
  let inFlight = 0;
  let counter!: ReturnType<typeof countingScheduler>;
  world.run(() => {
    counter = countingScheduler(world.scheduler);
    if (scenario.abortAt === -1) controller.abort(reason);
    else if (scenario.abortAt !== Infinity) world.at(scenario.abortAt, () => controller.abort(reason));
    let n = 0;
    const attempt = (context?: ConditionContext): boolean | Observable<boolean> => {
      const i = n++;
      observed.calls.push(world.time());
      if (context) observed.contextSignals.push(context.signal);
      const step = scenario.steps[i] ?? { duration: 0, answer: 'false' };
      const error = new Error(`attempt ${i + 1}`);
      errors.push(error);
      if (step.duration === 0) {
        observed.settles.push(world.time());
        if (step.answer === 'throw') {
          if (context) throw error;
          return throwError(() => error);
        }
        return step.answer === 'true';
      }
      inFlight += 1;
      observed.maxInFlight = Math.max(observed.maxInFlight, inFlight);
      return timer(step.duration, world.scheduler).pipe(
        map(() => {
          observed.settles.push(world.time());
          if (step.answer === 'throw') throw error;
          return step.answer === 'true';
        }),
        finalize(() => (inFlight -= 1)),
      );
    };
    observed.maxInFlight = Math.max(observed.maxInFlight, 1);
    const source = build(attempt, { signal: controller.signal, scheduler: counter.scheduler });
    const end = (kind: 'next-done' | 'error' | 'complete', value?: unknown) => {
      observed.terminalEvents += 1;
      observed.outcome = { kind: kind === 'error' ? 'error' : 'complete', at: world.time() };
      observed.caught = value;
    };
    let subscription: Subscription | undefined = undefined;
    subscription = source.subscribe({
      next: () => observed.emissions.push(world.time()),
      error: (e) => end('error', e),
      complete: () => end('complete'),
    });
    world.at(scenario.unsubscribeAt, () => subscription?.unsubscribe());
  });
  observed.pendingActions = counter.pending + world.pending();
  observed.listenersLeft = abortListeners(controller.signal);
  return observed;
}

/** The invariants every scenario must keep, whatever the outcome. */
function checkInvariants(observed: Observed, expected: Outcome): void {
  expect(observed.terminalEvents).toBe(expected.kind === 'unsubscribed' ? 0 : 1);
  expect(observed.maxInFlight).toBeLessThanOrEqual(1);
  expect(observed.pendingActions).toBe(0);
  expect(observed.listenersLeft).toBe(0);
}

/** Maps what the Observable did to the model's outcome words. */
function classify(observed: Observed, successKind: 'done' | 'complete'): Outcome {
  if (observed.terminalEvents === 0) return { kind: 'unsubscribed', at: NaN };
  const at = observed.outcome.at;
  if (observed.outcome.kind === 'complete') return { kind: successKind, at };
  const error = observed.caught as { name?: string; cause?: unknown; message?: string };
  if (error?.name === 'InterruptedError') {
    if (error.cause === observed.reason) return { kind: 'abort', at };
    if ((error.cause as { name?: string } | undefined)?.name === 'TimeoutError') return { kind: 'deadline', at };
    if (error.cause === undefined) return { kind: 'exhausted', at };
  }
  const attempt = observed.errors.indexOf(observed.caught as Error);
  return { kind: 'error', at, attempt: attempt + 1 };
}

function normalise(outcome: Outcome): Outcome {
  return outcome.kind === 'unsubscribed' ? { kind: 'unsubscribed', at: NaN } : outcome;
}

/** The operator options a backoff scenario stands for. */
function backoffOptions(scenario: BackoffScenario, signal: AbortSignal, scheduler: SchedulerLike) {
  return {
    ...scenario.backoff,
    steps: scenario.attempts,
    timeout: scenario.timeout,
    random: () => scenario.random,
    signal,
    scheduler,
  };
}

/** What `observe` builds: the operator under test, from an attempt and the harness's signal and scheduler. */
type Build = Parameters<typeof observe>[1];

/** Each operator under test, built once for every world it runs in. */
const operatorFor = {
  poll:
    (scenario: PollScenario): Build =>
    (attempt, { signal, scheduler }) => {
      const { interval, timeout, sliding } = scenario;
      const options = { interval, timeout, sliding, signal, scheduler };
      return scenario.immediate
        ? pollImmediate((context) => attempt(context), options)
        : pollUntil((context) => attempt(context), options);
    },
  // pollValue with isDone `v === true` is pollUntil that hands back the value
  pollValue:
    (scenario: PollScenario): Build =>
    (attempt, { signal, scheduler }) => {
      const { interval, timeout, sliding, immediate } = scenario;
      return pollValue(
        (context) => attempt(context),
        (value) => value === true,
        {
          interval,
          timeout,
          sliding,
          immediate,
          signal,
          scheduler,
        },
      );
    },
  exponentialBackoff:
    (scenario: BackoffScenario): Build =>
    (attempt, { signal, scheduler }) =>
      exponentialBackoff((context) => attempt(context), backoffOptions(scenario, signal, scheduler)),
  // a subscription errors for 'throw' and completes otherwise
  backoffRetry:
    (scenario: BackoffScenario): Build =>
    (attempt, { signal, scheduler }) => {
      const source = defer(() => {
        const answer = attempt();
        return typeof answer === 'boolean' ? [] : answer.pipe(map(() => undefined as never));
      });
      return source.pipe(backoffRetry(backoffOptions(scenario, signal, scheduler)));
    },
  until:
    (scenario: UntilScenario): Build =>
    (attempt, { signal, scheduler }) =>
      until((context) => attempt(context), {
        period: scenario.period,
        sliding: scenario.sliding,
        timeout: scenario.timeout,
        signal,
        scheduler,
      }),
};

// ---- properties -----------------------------------------------------------------------

describe('model-based properties', () => {
  it('pollUntil and pollImmediate follow the model: attempt instants, outcome, invariants', () => {
    fc.assert(
      fc.property(pollArb, (scenario) => {
        const expected = pollModel(scenario);
        const observed = observe(scenario, operatorFor.poll(scenario));
        expect(observed.calls).toEqual(expected.calls);
        expect(classify(observed, 'done')).toEqual(normalise(expected.outcome));
        checkInvariants(observed, expected.outcome);
        // the context signal is aborted unless the wait succeeded
        const signal = observed.contextSignals[0];
        if (signal) expect(signal.aborted).toBe(expected.outcome.kind !== 'done');
        if (expected.outcome.kind === 'done') expect(observed.emissions).toEqual([expected.outcome.at]);
      }),
      params,
    );
  });

  it('pollValue follows the poll model, emitting the value, with the last value seen on an interruption', () => {
    fc.assert(
      fc.property(pollArb, (scenario) => {
        const expected = pollModel(scenario);
        const observed = observe(scenario, operatorFor.pollValue(scenario));
        expect(observed.calls).toEqual(expected.calls);
        expect(classify(observed, 'done')).toEqual(normalise(expected.outcome));
        checkInvariants(observed, expected.outcome);
        if (expected.outcome.kind === 'done') expect(observed.emissions).toEqual([expected.outcome.at]);
        if (expected.outcome.kind === 'abort' || expected.outcome.kind === 'deadline') {
          // every attempt that answered before the interruption said false
          const error = observed.caught as { lastValue?: unknown };
          expect('lastValue' in error).toBe(observed.settles.length > 0);
          if (observed.settles.length > 0) expect(error.lastValue).toBe(false);
        }
      }),
      params,
    );
  });

  it('exponentialBackoff follows the model', () => {
    fc.assert(
      fc.property(backoffArb(0), (scenario) => {
        const expected = exponentialBackoffModel(scenario);
        const observed = observe(scenario, operatorFor.exponentialBackoff(scenario));
        expect(observed.calls).toEqual(expected.calls);
        expect(classify(observed, 'done')).toEqual(normalise(expected.outcome));
        checkInvariants(observed, expected.outcome);
        const signal = observed.contextSignals[0];
        if (signal) expect(signal.aborted).toBe(expected.outcome.kind !== 'done');
      }),
      params,
    );
  });

  it('backoffRetry follows the model, rethrowing the last error as it is', () => {
    fc.assert(
      fc.property(backoffArb(1), (scenario) => {
        const expected = backoffRetryModel(scenario);
        const observed = observe(scenario, operatorFor.backoffRetry(scenario));
        expect(observed.calls).toEqual(expected.calls);
        expect(classify(observed, 'complete')).toEqual(normalise(expected.outcome));
        checkInvariants(observed, expected.outcome);
      }),
      params,
    );
  });

  it('until follows the model: runs, emissions, and completion on abort or timeout', () => {
    fc.assert(
      fc.property(untilArb, (scenario) => {
        const expected = untilModel(scenario);
        const observed = observe(scenario, operatorFor.until(scenario));
        expect(observed.calls).toEqual(expected.calls);
        expect(observed.emissions).toEqual(expected.emissions);
        expect(classify(observed, 'complete')).toEqual(normalise(expected.outcome));
        checkInvariants(observed, expected.outcome);
      }),
      params,
    );
  });

  it('stepBackoff follows Go arithmetic for any backoff and random', () => {
    const backoff = fc.record({
      duration: fc.double({ min: 0, max: 10_000, noNaN: true }),
      factor: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 5, noNaN: true })),
      jitter: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 2, noNaN: true })),
      steps: fc.integer({ min: 0, max: 12 }),
      cap: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 50_000, noNaN: true })),
    });
    fc.assert(
      fc.property(
        backoff,
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        fc.integer({ min: 1, max: 16 }),
        (b, r, count) => {
          const expected = goDelays(b, count, () => r);
          const actual: number[] = [];
          let current: Backoff = { ...b };
          for (let i = 0; i < count; i++) {
            const { delay, next } = stepBackoff(current, () => r);
            actual.push(delay);
            current = { ...next };
          }
          expect(actual).toEqual(expected);
        },
      ),
      { ...params, numRuns: RUNS * 2 },
    );
  });
});

// Steps of more than 2 ms (the loop's DRIFT): within it, `Date.now()` and `performance.now()`
// differ by their rounding alone, and a step that small is a clock reading a ms early,
// which the perturbed worlds below cover.
const wallStepsArb: fc.Arbitrary<WallStep[]> = fc.array(
  fc.tuple(
    fc.integer({ min: 0, max: 400 }),
    fc.oneof(
      fc.constantFrom(3_600_000, -3_600_000),
      fc.integer({ min: 3, max: 500 }),
      fc.integer({ min: -500, max: -3 }),
    ),
  ),
  { minLength: 1, maxLength: 3 },
);

/**
 * A wall clock that steps changes nothing: each scenario runs twice on asyncScheduler on
 * fake timers, once with `Date` stepping (by an hour either way, or by 3 ms to half a
 * second) and once without, and both runs must agree to the millisecond.
 */
describe('model-based properties while Date steps (asyncScheduler on fake timers)', () => {
  const runs = { ...params, numRuns: Math.max(1, Math.floor(RUNS / 4)) };
  const same = (scenario: Parameters<typeof observe>[0], build: Build, steps: WallStep[]) => {
    const still = observe(scenario, build, fakeTimerWorld({}));
    const stepping = observe(scenario, build, fakeTimerWorld({ wallSteps: steps }));
    expect(stepping.calls).toEqual(still.calls);
    expect(stepping.emissions).toEqual(still.emissions);
    expect(stepping.outcome).toEqual(still.outcome);
    expect(stepping.terminalEvents).toBe(still.terminalEvents);
    expect(stepping.pendingActions).toBe(0);
    expect(stepping.listenersLeft).toBe(0);
  };

  it('pollUntil and pollImmediate', () => {
    fc.assert(
      fc.property(pollArb, wallStepsArb, (scenario, steps) => same(scenario, operatorFor.poll(scenario), steps)),
      runs,
    );
  });

  it('exponentialBackoff', () => {
    fc.assert(
      fc.property(backoffArb(0), wallStepsArb, (scenario, steps) =>
        same(scenario, operatorFor.exponentialBackoff(scenario), steps),
      ),
      runs,
    );
  });

  it('backoffRetry', () => {
    fc.assert(
      fc.property(backoffArb(1), wallStepsArb, (scenario, steps) =>
        same(scenario, operatorFor.backoffRetry(scenario), steps),
      ),
      runs,
    );
  });

  it('until', () => {
    fc.assert(
      fc.property(untilArb, wallStepsArb, (scenario, steps) => same(scenario, operatorFor.until(scenario), steps)),
      runs,
    );
  });
});

/**
 * A wrapper of asyncScheduler whose ms are two real ms: every tick must go through it, in
 * its units. Real timers run a zero delay 1 ms later (half a wrapper ms), which is the
 * only lateness here.
 */
describe('model-based properties on a time-scaled wrapper of asyncScheduler (fake timers)', () => {
  const runs = { ...params, numRuns: Math.max(1, Math.floor(RUNS / 4)) };
  const world = () => fakeTimerWorld({ slower: 2 });
  const rules = { maxLate: 1, lag: 0 };

  it('pollUntil and pollImmediate keep the invariants', () => {
    fc.assert(
      fc.property(pollArb, (scenario) => {
        const observed = observe(scenario, operatorFor.poll(scenario), world());
        checkClockInvariants(observed, scenario, {
          ...rules,
          forcedFirst: scenario.immediate,
          interval: scenario.interval,
          immediate: scenario.immediate,
        });
      }),
      runs,
    );
  });

  it('exponentialBackoff and backoffRetry keep the invariants', () => {
    fc.assert(
      fc.property(backoffArb(1), (scenario) => {
        for (const build of [operatorFor.exponentialBackoff(scenario), operatorFor.backoffRetry(scenario)]) {
          const observed = observe(scenario, build, world());
          checkClockInvariants(observed, scenario, { ...rules, forcedFirst: false });
          expect(observed.calls.length).toBeLessThanOrEqual(scenario.attempts);
        }
      }),
      runs,
    );
  });

  it('until keeps the invariants', () => {
    fc.assert(
      fc.property(untilArb, (scenario) => {
        const observed = observe(scenario, operatorFor.until(scenario), world());
        checkClockInvariants(observed, scenario, { ...rules, forcedFirst: false });
      }),
      runs,
    );
  });
});

// ---- real clocks --------------------------------------------------------------------------

/**
 * What must hold on any clock, in true time: at most one outcome, and one whenever an abort
 * or the deadline came before the unsubscribe; attempts never overlap; none at or after
 * the abort, none once the clock shows the deadline (but Go's forced first call); with
 * `interval`, at most one attempt per tick; the outcome no later than the deadline plus
 * the lateness of the (at most two) timers that report it; nothing left scheduled or
 * listening.
 *
 * `lag`: how far `now()` may read behind true time. A late tick that fires at the
 * deadline's true instant while `now()` reads 1 ms less, before the (also late) deadline
 * timer has run, cannot know the deadline passed: Go, checking `ctx.Done()` after the
 * tick, calls too. So with a lagging clock an attempt may start up to `lag` ms past it.
 */
function checkClockInvariants(
  observed: Observed,
  scenario: { timeout: number; abortAt: number; unsubscribeAt: number },
  rules: { forcedFirst: boolean; maxLate: number; lag: number; interval?: number; immediate?: boolean },
): void {
  const { calls, settles } = observed;
  expect(observed.terminalEvents).toBeLessThanOrEqual(1);
  const latest = scenario.timeout + 2 * rules.maxLate;
  const endAt = observed.terminalEvents === 1 ? observed.outcome.at : scenario.unsubscribeAt;
  if (scenario.abortAt < scenario.unsubscribeAt || latest < scenario.unsubscribeAt) {
    expect(observed.terminalEvents).toBe(1);
  }
  if (observed.terminalEvents === 1) expect(endAt).toBeLessThanOrEqual(Math.max(latest, scenario.abortAt));
  expect(observed.maxInFlight).toBeLessThanOrEqual(1);
  calls.forEach((at, i) => {
    if (i > 0) expect(at).toBeGreaterThanOrEqual(settles[i - 1]);
    if (i === 0 && rules.forcedFirst) return;
    expect(at).toBeLessThan(scenario.timeout + rules.lag);
    expect(at).toBeLessThan(scenario.abortAt === -1 ? 0 : scenario.abortAt);
    expect(at).toBeLessThanOrEqual(endAt);
    if (rules.interval !== undefined) {
      expect(at).toBeGreaterThanOrEqual((rules.immediate ? i : i + 1) * rules.interval);
    }
  });
  expect(observed.pendingActions).toBe(0);
  expect(observed.listenersLeft).toBe(0);
}

const clocks: [string, Perturbation][] = [
  ['timers late by up to 7 ms', { maxLate: 7 }],
  ['now() 1 ms early in half the firings', { early: 0.5 }],
  ['a frozen now()', { frozen: true }],
  ['late timers and an early now()', { maxLate: 3, early: 0.5 }],
];
const clockSeed = fc.integer({ min: 1, max: 0x7fffffff });

describe.each(clocks)('model-based properties on a real clock: %s', (_name, perturbation) => {
  const maxLate = perturbation.maxLate ?? 0;
  const lag = (perturbation.early ?? 0) > 0 ? 1 : 0;

  it('pollUntil and pollImmediate keep the invariants', () => {
    fc.assert(
      fc.property(pollArb, clockSeed, (scenario, seed) => {
        const observed = observe(scenario, operatorFor.poll(scenario), perturbedWorld({ ...perturbation, seed }));
        checkClockInvariants(observed, scenario, {
          forcedFirst: scenario.immediate,
          maxLate,
          lag,
          interval: scenario.interval,
          immediate: scenario.immediate,
        });
      }),
      params,
    );
  });

  it('exponentialBackoff keeps the invariants', () => {
    fc.assert(
      fc.property(backoffArb(0), clockSeed, (scenario, seed) => {
        const observed = observe(
          scenario,
          operatorFor.exponentialBackoff(scenario),
          perturbedWorld({ ...perturbation, seed }),
        );
        checkClockInvariants(observed, scenario, { forcedFirst: false, maxLate, lag });
        expect(observed.calls.length).toBeLessThanOrEqual(scenario.attempts);
      }),
      params,
    );
  });

  it('backoffRetry keeps the invariants', () => {
    // mostly failing subscriptions, so that retries (and their timers) are the common case
    const flip = { false: 'throw', throw: 'false', true: 'true' } as const;
    const retrying = backoffArb(1).map((s) => ({
      ...s,
      steps: s.steps.map((st) => ({ ...st, answer: flip[st.answer] })),
    }));
    fc.assert(
      fc.property(retrying, clockSeed, (scenario, seed) => {
        const observed = observe(
          scenario,
          operatorFor.backoffRetry(scenario),
          perturbedWorld({ ...perturbation, seed }),
        );
        checkClockInvariants(observed, scenario, { forcedFirst: false, maxLate, lag });
        expect(observed.calls.length).toBeLessThanOrEqual(scenario.attempts);
      }),
      params,
    );
  });

  it('until keeps the invariants', () => {
    fc.assert(
      fc.property(untilArb, clockSeed, (scenario, seed) => {
        const observed = observe(scenario, operatorFor.until(scenario), perturbedWorld({ ...perturbation, seed }));
        checkClockInvariants(observed, scenario, { forcedFirst: false, maxLate, lag });
      }),
      params,
    );
  });
});

describe('model-based properties on a frozen now(), synchronous attempts', () => {
  // With every attempt synchronous, the fired timers are all the loop needs: the timeline
  // must be the model's to the millisecond although now() never moves.
  const synchronous = (steps: Step[]) => steps.map((step) => ({ ...step, duration: 0 }));

  it('pollUntil and pollImmediate follow the model', () => {
    fc.assert(
      fc.property(pollArb, (generated) => {
        const scenario = { ...generated, steps: synchronous(generated.steps) };
        const expected = pollModel(scenario);
        const observed = observe(scenario, operatorFor.poll(scenario), perturbedWorld({ frozen: true }));
        expect(observed.calls).toEqual(expected.calls);
        expect(classify(observed, 'done')).toEqual(normalise(expected.outcome));
        checkInvariants(observed, expected.outcome);
      }),
      params,
    );
  });

  it('exponentialBackoff follows the model', () => {
    fc.assert(
      fc.property(backoffArb(0), (generated) => {
        const scenario = { ...generated, steps: synchronous(generated.steps) };
        const expected = exponentialBackoffModel(scenario);
        const observed = observe(scenario, operatorFor.exponentialBackoff(scenario), perturbedWorld({ frozen: true }));
        expect(observed.calls).toEqual(expected.calls);
        expect(classify(observed, 'done')).toEqual(normalise(expected.outcome));
        checkInvariants(observed, expected.outcome);
      }),
      params,
    );
  });
});
