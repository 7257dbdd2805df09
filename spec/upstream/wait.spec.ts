/**
 * A port of k8s.io/apimachinery/pkg/util/wait/wait_test.go to this API (see README.md in
 * this folder for the map of every Go test). Go's goroutines and channels become virtual
 * time: where Go asserts timing, the instants here are exact.
 */
import { defer, mergeMap, of, throwError, timer } from 'rxjs';
import type { Backoff } from '../../src';
import { backoffRetry, exponentialBackoff, pollImmediate, pollUntil, stepBackoff, until } from '../../src';
import {
  abortedSignal,
  errorOf,
  expectCanceled,
  expectDeadlineExceeded,
  expectWaitTimeout,
  runWait,
  seededRandom,
  expectOutcome,
  goCase,
} from './support';
import type { GoContext, GoOutcome } from './support';
import { countingScheduler } from '../helpers';

/** Go's Until family: `until` with the options of each Go function. */
const untilForms = [
  ['TestUntil (Until)', { sliding: true }],
  ['TestUntilWithContext (UntilWithContext)', { sliding: true }],
  ['TestNonSlidingUntil (NonSlidingUntil)', { sliding: false }],
  ['TestNonSlidingUntilWithContext (NonSlidingUntilWithContext)', { sliding: false }],
  ['TestJitterUntil (JitterUntil, factor 1.0)', { sliding: true, jitterFactor: 1 }],
  ['TestJitterUntilWithContext (JitterUntilWithContext, factor 1.0)', { sliding: true, jitterFactor: 1 }],
] as const;

describe.each(untilForms)('%s', (_name, form) => {
  it('should never call f when the stop signal is already closed', () => {
    let calls = 0;
    const ended = runWait((scheduler) =>
      until(() => calls++, { period: 0, ...form, signal: abortedSignal(), scheduler }),
    );
    expect(calls).toBe(0);
    expect(ended.ending).toEqual({ kind: 'complete' });
    expect(ended.at).toBe(0);
  });

  it('should call f, and return once the stop signal closes', () => {
    const controller = new AbortController();
    let calls = 0;
    const ended = runWait((scheduler) =>
      until(
        () => {
          calls++;
          if (calls === 3) controller.abort(); // Go: close(ch) after f was called
        },
        { period: 0, ...form, signal: controller.signal, scheduler, random: () => 0.5 },
      ),
    );
    expect(calls).toBe(3);
    expect(ended.ending).toEqual({ kind: 'complete' });
  });
});

describe.each([
  ['TestUntilReturnsImmediately (Until, 30 s)', {}],
  ['TestJitterUntilReturnsImmediately (JitterUntil, 30 s, factor 1.0)', { jitterFactor: 1 }],
] as const)('%s', (_name, form) => {
  it('should return at once when f closes the stop signal, calling f once', () => {
    const controller = new AbortController();
    let calls = 0;
    const ended = runWait((scheduler) =>
      until(() => (calls++, controller.abort()), { period: 30_000, ...form, signal: controller.signal, scheduler }),
    );
    expect(calls).toBe(1);
    expect(ended.ending).toEqual({ kind: 'complete' });
    expect(ended.at).toBe(0); // Go: well before 25 s
  });
});

describe('TestJitterUntilNegativeFactor', () => {
  it('should treat a negative jitter factor as none: runs at 0 and 1000 ms, not later', () => {
    const controller = new AbortController();
    const runs: number[] = [];
    const ended = runWait((scheduler) =>
      until(
        () => {
          runs.push(scheduler.now());
          if (runs.length === 2) controller.abort();
        },
        { period: 1000, jitterFactor: -30, sliding: true, signal: controller.signal, scheduler },
      ),
    );
    expect(runs).toEqual([0, 1000]);
    expect(ended.at).toBe(1000); // Go: at most 2 s, not 3
  });
});

describe('TestExponentialBackoff', () => {
  it('should exit at once with the wait timeout when steps is 0 (Backoff{Factor: 1})', () => {
    let calls = 0;
    const ended = runWait((scheduler) =>
      exponentialBackoff(() => (calls++, false), { duration: 0, factor: 1, steps: 0, scheduler }),
    );
    expectWaitTimeout(errorOf(ended));
    expect(calls).toBe(0);
  });

  const opts = { duration: 0, factor: 1, steps: 3 };

  it('should wait up to steps calls, then time out', () => {
    let calls = 0;
    const ended = runWait((scheduler) => exponentialBackoff(() => (calls++, false), { ...opts, scheduler }));
    expectWaitTimeout(errorOf(ended));
    expect(calls).toBe(3);
  });

  it('should return at once when the condition is true', () => {
    let calls = 0;
    const ended = runWait((scheduler) => exponentialBackoff(() => (calls++, true), { ...opts, scheduler }));
    expect(ended.ending).toEqual({ kind: 'complete' });
    expect(calls).toBe(1);
  });

  it("should return at once with the condition's error", () => {
    const testErr = new Error('some other error');
    const ended = runWait((scheduler) =>
      exponentialBackoff(
        () => {
          throw testErr;
        },
        { ...opts, scheduler },
      ),
    );
    expect(errorOf(ended)).toBe(testErr);
  });

  it('should be invoked several times until true', () => {
    let i = 1;
    const ended = runWait((scheduler) =>
      exponentialBackoff(() => (i < opts.steps ? (i++, false) : true), { ...opts, scheduler }),
    );
    expect(ended.ending).toEqual({ kind: 'complete' });
    expect(i).toBe(opts.steps);
  });
});

describe('TestPoller', () => {
  it('should tick at most three times with interval 1 ms and timeout 2 ms', () => {
    const calls: number[] = [];
    const ended = runWait((scheduler) =>
      pollUntil(() => (calls.push(scheduler.now()), false), { interval: 1, timeout: 2, scheduler }),
    );
    expect(calls).toEqual([1]); // the tick at 2 meets the deadline, which wins the tie
    expect(calls.length).toBeLessThanOrEqual(3);
    expectDeadlineExceeded(errorOf(ended));
    expect(ended.at).toBe(2);
  });
});

describe('TestPoll / TestPollError (poll, not immediate)', () => {
  it('should call once, on the first tick, when the condition is true', () => {
    const calls: number[] = [];
    const ended = runWait((scheduler) =>
      pollUntil(() => (calls.push(scheduler.now()), true), { interval: 10, scheduler }),
    );
    expect(calls).toEqual([10]);
    expect(ended.ending).toEqual({ kind: 'complete' });
  });

  it("should return the condition's error after the one tick", () => {
    const expected = new Error('Expected error');
    const calls: number[] = [];
    const ended = runWait((scheduler) =>
      pollUntil(
        () => {
          calls.push(scheduler.now());
          throw expected;
        },
        { interval: 10, scheduler },
      ),
    );
    expect(errorOf(ended)).toBe(expected);
    expect(calls).toEqual([10]);
  });
});

describe('TestPollImmediate / TestPollImmediateError', () => {
  it('should call once with no tick when the condition is true', () => {
    const calls: number[] = [];
    const ended = runWait((scheduler) =>
      pollImmediate(() => (calls.push(scheduler.now()), true), { interval: 10, scheduler }),
    );
    expect(calls).toEqual([0]);
    expect(ended).toMatchObject({ ending: { kind: 'complete' }, at: 0 });
  });

  it("should return the condition's error with no tick", () => {
    const expected = new Error('Expected error');
    const ended = runWait((scheduler) =>
      pollImmediate(
        () => {
          throw expected;
        },
        { interval: 10, scheduler },
      ),
    );
    expect(errorOf(ended)).toBe(expected);
    expect(ended.at).toBe(0);
  });
});

describe('TestPollForever (PollInfinite)', () => {
  it('should keep calling until the condition is true, then call no more', () => {
    let calls = 0;
    const ended = runWait((scheduler) => pollUntil(() => ++calls === 11, { interval: 0.001, scheduler }));
    expect(calls).toBe(11);
    expect(ended.ending).toEqual({ kind: 'complete' });
  });
});

describe('Test_waitForWithContextCancelsContext', () => {
  it('should stop the ticker once the condition is true: nothing is left scheduled', () => {
    let counter!: ReturnType<typeof countingScheduler>;
    const ended = runWait((scheduler) => {
      counter = countingScheduler(scheduler);
      return pollUntil(() => true, { interval: 1, timeout: 1000, scheduler: counter.scheduler });
    });
    expect(ended).toMatchObject({ ending: { kind: 'complete' }, at: 1 });
    expect(counter.scheduled).toBe(1);
    expect(counter.pending).toBe(0);
  });
});

describe('TestPollUntil', () => {
  it('should return once the stop signal closes after the first call', () => {
    const controller = new AbortController();
    let calls = 0;
    const ended = runWait((scheduler) =>
      pollUntil(() => (++calls === 1 && controller.abort(), false), {
        interval: 0.001,
        signal: controller.signal,
        scheduler,
      }),
    );
    expect(calls).toBe(1);
    expectCanceled(errorOf(ended));
  });
});

describe('TestBackoff_Step', () => {
  const s = 1000;
  const table: [Backoff, number[]][] = [
    [{ duration: s, steps: -1 }, [s, s, s]],
    [{ duration: s, steps: 0 }, [s, s, s]],
    [{ duration: s, steps: 1 }, [s, s, s]],
    [{ duration: s, factor: 1, steps: 1 }, [s, s, s]],
    [{ duration: s, factor: 2, steps: 3 }, [s, 2 * s, 4 * s]],
    [{ duration: s, factor: 2, steps: 3, cap: 3 * s }, [s, 2 * s, 3 * s]],
    [{ duration: s, factor: 2, steps: 2, cap: 3 * s, jitter: 0.5 }, [2 * s, 3 * s, 3 * s]],
    [{ duration: s, factor: 2, steps: 6, jitter: 4 }, [s, 2 * s, 4 * s, 8 * s, 16 * s, 32 * s]],
  ];
  const seeds = [0, 1, 2, 3, 4];

  it.each(table.flatMap(([initial, want]) => seeds.map((seed) => [initial, want, seed] as const)))(
    'should step %p as Go does (seed %#)',
    (initial, want, seed) => {
      const random = seededRandom(seed);
      let backoff = initial;
      for (let i = 0; i < want.length; i++) {
        const { delay, next } = stepBackoff(backoff, random);
        if ((initial.jitter ?? 0) > 0) {
          // Go's check: jittered, so not exactly the want, and not below it by more than jitter
          expect(delay).not.toBe(want[i]);
          expect((want[i] - delay) / want[i]).toBeLessThanOrEqual(initial.jitter!);
        } else {
          expect(delay).toBe(want[i]);
        }
        backoff = next;
      }
    },
  );
});

describe('TestBackoffDelayWithResetExponential (backoffRetry resetAfter)', () => {
  it('should give 1, 2, 4, 8, 10, 10, 10, then 1 again after a subscription that ran 11', () => {
    let subscriptions = 0;
    const delays: number[] = [];
    runWait((scheduler) =>
      defer(() => {
        subscriptions++;
        // the eighth subscription runs 11 units before it fails; all others fail at once
        return subscriptions === 8
          ? timer(11, scheduler).pipe(mergeMap(() => throwError(() => new Error('late'))))
          : throwError(() => new Error('x'));
      }).pipe(
        backoffRetry({
          duration: 1,
          cap: 10,
          factor: 2,
          steps: 10,
          resetAfter: 10,
          scheduler,
          onRetry: ({ delay }) => delays.push(delay),
        }),
      ),
    );
    expect(delays.slice(0, 8)).toEqual([1, 2, 4, 8, 10, 10, 10, 1]);
  });
});

describe('TestBackoffDelayWithResetEmpty (backoffRetry resetAfter 0)', () => {
  it('should reset before every delay: always the initial duration', () => {
    const delays: number[] = [];
    let subscriptions = 0;
    runWait((scheduler) =>
      // resetting every time, the retries never run out: the eighth subscription succeeds
      defer(() => (++subscriptions === 8 ? of('ok') : throwError(() => new Error('x')))).pipe(
        backoffRetry({
          duration: 1,
          cap: 10,
          factor: 2,
          steps: 8,
          resetAfter: 0,
          scheduler,
          onRetry: ({ delay }) => delays.push(delay),
        }),
      ),
    );
    expect(delays).toEqual([1, 1, 1, 1, 1, 1, 1]);
  });
});

describe('TestBackoffDelayWithResetJitter', () => {
  it('should keep positive jitter within [d, 2d] and make a negative one none', () => {
    const random = seededRandom(7);
    let backoff: Backoff = { duration: 1, jitter: 1 };
    for (let i = 0; i < 5; i++) {
      const step = stepBackoff(backoff, random);
      expect(step.delay).toBeGreaterThanOrEqual(1);
      expect(step.delay).toBeLessThanOrEqual(2);
      backoff = step.next;
    }
    expect(stepBackoff({ duration: 1, jitter: -1 }, () => 0.99).delay).toBe(1);
  });
});

describe('TestBackoffDelayWithResetWithRealClockJitter / ...Exponential (real timers)', () => {
  // Go asserts each real wait lasts at least its delay. Node's timers may fire up to 1 ms
  // early as performance.now() reads them, so the bound here is the delay less 1 ms.
  it.each([
    ['{1ms, jitter 0}', { duration: 1, steps: 6 }, [1, 1, 1, 1, 1]],
    ['{1ms, x2, cap 10ms, steps 10}', { duration: 1, factor: 2, cap: 10, steps: 8 }, [1, 2, 4, 8, 10, 10, 10]],
  ])('should wait at least each delay: %s', async (_name, backoff, want) => {
    const starts: number[] = [];
    await new Promise<void>((resolve) => {
      defer(() => {
        starts.push(performance.now());
        return throwError(() => new Error('again'));
      })
        .pipe(backoffRetry(backoff))
        .subscribe({ error: () => resolve() });
    });
    const gaps = starts.slice(1).map((t, i) => t - starts[i]);
    expect(gaps).toHaveLength(want.length);
    gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(want[i] - 1));
  });
});

describe('TestExponentialBackoffWithContext', () => {
  const conditionErr = new Error('condition failed');
  const never = () => false;
  const cases: [string, number, GoContext, (attempt: number) => boolean, number, number, GoOutcome, boolean][] = [
    // name, steps, context, callback, cancelContextAfter, attemptsExpected, outcome, zeroDuration
    ['no attempts expected with zero backoff steps', 0, 'default', never, 0, 0, 'timeout', false],
    ['condition returns false with single backoff step', 1, 'default', never, 0, 1, 'timeout', false],
    ['condition returns true with single backoff step', 1, 'default', () => true, 0, 1, 'ok', false],
    ['condition always returns false with multiple backoff steps', 5, 'default', never, 0, 5, 'timeout', false],
    [
      'condition returns true after certain attempts with multiple backoff steps',
      5,
      'default',
      (a) => a === 3,
      0,
      3,
      'ok',
      false,
    ],
    [
      'condition returns error no further attempts expected',
      5,
      'default',
      () => {
        throw conditionErr;
      },
      0,
      1,
      'error',
      false,
    ],
    ['context already canceled no attempts expected', 5, 'cancelled', never, 0, 0, 'canceled', false],
    ['context at deadline no attempts expected', 5, 'deadlined', never, 0, 0, 'deadline', false],
    [
      'condition always returns false with multiple backoff steps but is cancelled at step 4',
      5,
      'default',
      never,
      4,
      4,
      'canceled',
      false,
    ],
    [
      'condition returns true after certain attempts with multiple backoff steps and zero duration',
      5,
      'default',
      (a) => a === 3,
      0,
      3,
      'ok',
      true,
    ],
  ];

  it.each(cases)('%s', (_name, steps, context, callback, cancelAfter, attemptsExpected, outcome, zeroDuration) => {
    const { condition, options, attempts } = goCase(context, cancelAfter, callback);
    const ended = runWait((scheduler) =>
      exponentialBackoff(condition, { duration: zeroDuration ? 0 : 0.001, factor: 1, steps, scheduler, ...options }),
    );
    expect(attempts()).toBe(attemptsExpected);
    expectOutcome(ended, outcome, conditionErr);
  });
});

describe('TestPollImmediateUntilWithContext', () => {
  const fakeErr = new Error('my error');
  const cases: [string, (attempt: number) => boolean, GoContext, number, number, GoOutcome][] = [
    [
      'condition throws error on immediate attempt, no retry is attempted',
      () => {
        throw fakeErr;
      },
      'default',
      0,
      1,
      'error',
    ],
    ['condition returns done=true on immediate attempt, no retry is attempted', () => true, 'default', 0, 1, 'ok'],
    // Go returns ErrWaitTimeout here ("should be context.Canceled"); this port says why it stopped
    [
      'condition returns done=false on immediate attempt, context is already cancelled, no retry is attempted',
      () => false,
      'cancelled',
      0,
      1,
      'canceled',
    ],
    [
      'condition returns done=false on immediate attempt, context is not cancelled, retry is attempted',
      (a) => a > 3,
      'default',
      0,
      4,
      'ok',
    ],
    [
      'condition always returns done=false, context gets cancelled after N attempts',
      () => false,
      'default',
      4,
      4,
      'canceled',
    ],
  ];

  it.each(cases)('%s', (_name, callback, context, cancelAfter, attemptsExpected, outcome) => {
    const { condition, options, attempts } = goCase(context, cancelAfter, callback);
    const ended = runWait((scheduler) => pollImmediate(condition, { interval: 1, scheduler, ...options }));
    expect(attempts()).toBe(attemptsExpected);
    expectOutcome(ended, outcome, fakeErr);
  });
});

describe('Test_poll (the cases that do not depend on a ticker channel)', () => {
  const fakeErr = new Error('fake error');
  const cases: [string, boolean, GoContext, () => boolean, number, number, GoOutcome][] = [
    [
      'immediate is true, condition returns an error',
      true,
      'default',
      () => {
        throw fakeErr;
      },
      0,
      1,
      'error',
    ],
    ['immediate is true, condition returns true', true, 'default', () => true, 0, 1, 'ok'],
    // Go: ErrWaitTimeout; here an InterruptedError whose cause is the abort (isInterrupted either way)
    [
      'immediate is true, context is cancelled, condition return false',
      true,
      'cancelled',
      () => false,
      0,
      1,
      'canceled',
    ],
    ['immediate is false, context is cancelled', false, 'cancelled', () => false, 0, 0, 'canceled'],
    [
      'immediate is false, condition returns an error',
      false,
      'default',
      () => {
        throw fakeErr;
      },
      0,
      1,
      'error',
    ],
    ['immediate is false, condition returns true', false, 'default', () => true, 0, 1, 'ok'],
    ['context is cancelled after N attempts, timeout error expected', false, 'default', () => false, 2, 2, 'canceled'],
  ];

  it.each(cases)('%s', (_name, immediate, context, callback, cancelAfter, attemptsExpected, outcome) => {
    const { condition, options, attempts } = goCase(context, cancelAfter, callback);
    const ended = runWait((scheduler) => pollUntil(condition, { interval: 1, immediate, scheduler, ...options }));
    expect(attempts()).toBe(attemptsExpected);
    expectOutcome(ended, outcome, fakeErr);
  });
});
