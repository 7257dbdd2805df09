/**
 * Model-based properties: random scenarios run in virtual time against the operators and
 * against the executable model in spec/model/model.ts; every attempt instant and the
 * outcome must agree, and the invariants must hold in every case. The seed is fixed; a
 * failure prints the seed and the counterexample, and `FC_SEED=... FC_PATH=...` (see
 * fast-check's report) replays it.
 */
import fc from 'fast-check';
import type { Observable, SchedulerLike, Subscription } from 'rxjs';
import { defer, finalize, map, throwError, timer } from 'rxjs';
import type { Backoff, ConditionContext } from '../src';
import { backoffRetry, exponentialBackoff, pollImmediate, pollUntil, stepBackoff, until } from '../src';
import { abortListeners, countingScheduler, createTestScheduler } from './helpers';
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
}

/**
 * Runs `build` in virtual time with a condition or source built from `steps`, aborting and
 * unsubscribing at the scenario's instants, and records what happened.
 */
function observe(
  scenario: { steps: Step[]; abortAt: number; unsubscribeAt: number },
  build: (
    attempt: (context?: ConditionContext) => boolean | Observable<boolean>,
    options: { signal: AbortSignal; scheduler: ReturnType<typeof countingScheduler>['scheduler'] },
  ) => Observable<unknown>,
): Observed {
  const testScheduler = createTestScheduler();
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
  };
  const controller = new AbortController();
  const reason = new DOMException('scenario abort', 'AbortError');
  observed.reason = reason;
  let inFlight = 0;
  let counter!: ReturnType<typeof countingScheduler>;
  testScheduler.run(() => {
    counter = countingScheduler(testScheduler);
    if (scenario.abortAt === -1) controller.abort(reason);
    else if (scenario.abortAt !== Infinity) testScheduler.schedule(() => controller.abort(reason), scenario.abortAt);
    let n = 0;
    const attempt = (context?: ConditionContext): boolean | Observable<boolean> => {
      const i = n++;
      observed.calls.push(testScheduler.now());
      if (context) observed.contextSignals.push(context.signal);
      const step = scenario.steps[i] ?? { duration: 0, answer: 'false' };
      const error = new Error(`attempt ${i + 1}`);
      errors.push(error);
      if (step.duration === 0) {
        if (step.answer === 'throw') {
          if (context) throw error;
          return throwError(() => error);
        }
        return step.answer === 'true';
      }
      inFlight += 1;
      observed.maxInFlight = Math.max(observed.maxInFlight, inFlight);
      return timer(step.duration).pipe(
        map(() => {
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
      observed.outcome = { kind: kind === 'error' ? 'error' : 'complete', at: testScheduler.now() };
      observed.caught = value;
    };
    let subscription: Subscription | undefined = undefined;
    subscription = source.subscribe({
      next: () => observed.emissions.push(testScheduler.now()),
      error: (e) => end('error', e),
      complete: () => end('complete'),
    });
    testScheduler.schedule(() => subscription?.unsubscribe(), scenario.unsubscribeAt);
  });
  observed.pendingActions = counter.pending;
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

// ---- properties -----------------------------------------------------------------------

describe('model-based properties', () => {
  it('pollUntil and pollImmediate follow the model: attempt instants, outcome, invariants', () => {
    fc.assert(
      fc.property(pollArb, (scenario) => {
        const expected = pollModel(scenario);
        const observed = observe(scenario, (attempt, { signal, scheduler }) => {
          const options = {
            interval: scenario.interval,
            timeout: scenario.timeout,
            sliding: scenario.sliding,
            signal,
            scheduler,
          };
          return scenario.immediate
            ? pollImmediate((context) => attempt(context), options)
            : pollUntil((context) => attempt(context), options);
        });
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

  it('exponentialBackoff follows the model', () => {
    fc.assert(
      fc.property(backoffArb(0), (scenario) => {
        const expected = exponentialBackoffModel(scenario);
        const observed = observe(scenario, (attempt, { signal, scheduler }) =>
          exponentialBackoff((context) => attempt(context), backoffOptions(scenario, signal, scheduler)),
        );
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
        const observed = observe(scenario, (attempt, { signal, scheduler }) => {
          // a subscription errors for 'throw' and completes otherwise
          const source = defer(() => {
            const answer = attempt();
            return typeof answer === 'boolean' ? [] : answer.pipe(map(() => undefined as never));
          });
          return source.pipe(backoffRetry(backoffOptions(scenario, signal, scheduler)));
        });
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
        const observed = observe(scenario, (attempt, { signal, scheduler }) =>
          until((context) => attempt(context), {
            period: scenario.period,
            sliding: scenario.sliding,
            timeout: scenario.timeout,
            signal,
            scheduler,
          }),
        );
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
