/**
 * A port of k8s.io/apimachinery/pkg/util/wait/loop_test.go: `loopConditionUntilContext`,
 * the loop behind `PollUntilContextCancel`/`PollUntilContextTimeout` and Backoff timers,
 * is `pollUntil` (fixed timer) and `exponentialBackoff` (variable timer) here.
 */
import { exponentialBackoff, pollUntil } from '../../src';
import type { GoContext, GoOutcome } from './support';
import { errorOf, expectOutcome, goCase, runWait } from './support';

describe('Test_loopConditionWithContextImmediateDelay', () => {
  it('should wait the whole first delay (not immediate, sliding), then stop on the error', () => {
    const expected = new Error('Expected error');
    const calls: number[] = [];
    const ended = runWait((scheduler) =>
      pollUntil(
        () => {
          calls.push(scheduler.now());
          throw expected;
        },
        { interval: 1000, sliding: true, scheduler },
      ),
    );
    // Go: no attempt at 999 ms, one by 1001 ms
    expect(calls).toEqual([1000]);
    expect(errorOf(ended)).toBe(expected);
  });
});

describe('Test_loopConditionUntilContext_semantic', () => {
  const conditionErr = new Error('condition failed');
  const never = () => false;
  const cases: [string, boolean, GoContext, (attempt: number) => boolean, number, number, GoOutcome][] = [
    // name, immediate, context, callback, cancelContextAfter, attemptsExpected, outcome
    ['condition successful is only one attempt', false, 'default', () => true, 0, 1, 'ok'],
    ['delayed condition successful causes return and attempts', false, 'default', (a) => a > 1, 0, 2, 'ok'],
    [
      'delayed condition successful causes return and attempts many times',
      false,
      'default',
      (a) => a >= 100,
      0,
      100,
      'ok',
    ],
    // Go's (true, err) has no counterpart: a condition that throws fails whatever it would have said
    [
      'condition returns error even if ok is true',
      false,
      'default',
      () => {
        throw conditionErr;
      },
      0,
      1,
      'error',
    ],
    [
      'condition exits after an error',
      false,
      'default',
      () => {
        throw conditionErr;
      },
      0,
      1,
      'error',
    ],
    ['context already canceled no attempts expected', false, 'cancelled', never, 0, 0, 'canceled'],
    [
      'context already canceled condition success and immediate 1 attempt expected',
      true,
      'cancelled',
      () => true,
      0,
      1,
      'ok',
    ],
    [
      'context already canceled condition fail and immediate 1 attempt expected',
      true,
      'cancelled',
      () => {
        throw conditionErr;
      },
      0,
      1,
      'error',
    ],
    ['context already canceled and immediate 1 attempt expected', true, 'cancelled', never, 0, 1, 'canceled'],
    ['context cancelled after 5 attempts', false, 'default', never, 5, 5, 'canceled'],
    ['context cancelled and immediate after 5 attempts', true, 'default', never, 5, 5, 'canceled'],
    ['context at deadline and immediate 1 attempt expected', true, 'deadlined', never, 0, 1, 'deadline'],
    ['context at deadline no attempts expected', false, 'deadlined', never, 0, 0, 'deadline'],
  ];

  for (const sliding of [false, true]) {
    it.each(cases)(
      `%s (sliding ${sliding})`,
      (_name, immediate, context, callback, cancelAfter, attemptsExpected, outcome) => {
        const { condition, options, attempts } = goCase(context, cancelAfter, callback);
        const ended = runWait((scheduler) =>
          pollUntil(condition, { interval: 0.001, immediate, sliding, scheduler, ...options }),
        );
        expect(attempts()).toBe(attemptsExpected);
        expectOutcome(ended, outcome, conditionErr);
      },
    );
  }
});

describe('Test_loopConditionUntilContext_timings', () => {
  // Go drives Backoff{1s, Steps 2, Factor 2}.DelayFunc() through a fake timer and checks the
  // delays it asked for; here the instants of the one attempt say the same.
  const backoff = { duration: 1000, steps: 2, factor: 2 };

  it('condition success: the first attempt after the first delay (1 s)', () => {
    const calls: number[] = [];
    const ended = runWait((scheduler) =>
      exponentialBackoff(() => (calls.push(scheduler.now()), true), { ...backoff, immediate: false, scheduler }),
    );
    expect(calls).toEqual([1000]);
    expect(ended).toMatchObject({ ending: { kind: 'complete' }, at: 1000 });
  });

  it('condition success and immediate: the attempt at once, no delay used', () => {
    const calls: number[] = [];
    const ended = runWait((scheduler) =>
      exponentialBackoff(() => (calls.push(scheduler.now()), true), { ...backoff, scheduler }),
    );
    expect(calls).toEqual([0]);
    expect(ended.at).toBe(0);
  });

  it('condition success and sliding: the delays asked for are the delays waited (1 s, then 2 s)', () => {
    const calls: number[] = [];
    runWait((scheduler) =>
      exponentialBackoff(() => (calls.push(scheduler.now()), calls.length === 2), {
        ...backoff,
        immediate: false,
        scheduler,
      }),
    );
    expect(calls).toEqual([1000, 3000]);
  });
});
