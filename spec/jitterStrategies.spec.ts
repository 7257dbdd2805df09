import type { Backoff } from '../src';
import { backoffRetry, decorrelatedJitter, exponentialBackoff, stepBackoff } from '../src';
import { sequenceRandom } from '../src/testing';
import { createTestScheduler, interruptedWith } from './helpers';

function delays(backoff: Backoff, count: number, random: () => number): number[] {
  const out: number[] = [];
  let current = backoff;
  for (let i = 0; i < count; i++) {
    const step = stepBackoff(current, random);
    out.push(step.delay);
    current = step.next;
  }
  return out;
}

describe('jitterMode', () => {
  it("should default to Go's proportional jitter", () => {
    expect(delays({ duration: 100, factor: 2, steps: 3, jitter: 0.5 }, 3, () => 0.5)).toEqual([125, 250, 500]);
    expect(
      delays({ duration: 100, factor: 2, steps: 3, jitter: 0.5, jitterMode: 'proportional' }, 3, () => 0.5),
    ).toEqual([125, 250, 500]);
  });

  it("should make 'full' jitter random() * d, where d is Go's step delay", () => {
    const random = sequenceRandom([0.5, 0.25, 0.9]);
    expect(delays({ duration: 100, factor: 2, steps: 3, jitterMode: 'full' }, 3, random)).toEqual([50, 50, 360]);
  });

  it("should make 'equal' jitter d/2 + random() * d/2", () => {
    const random = sequenceRandom([0, 0.5, 0.99]);
    expect(delays({ duration: 100, factor: 2, steps: 3, jitterMode: 'equal' }, 3, random)).toEqual([50, 150, 398]);
  });

  it("should ignore the `jitter` factor in 'full' and 'equal' modes", () => {
    expect(delays({ duration: 100, jitter: 5, jitterMode: 'full' }, 1, () => 0.5)).toEqual([50]);
    expect(delays({ duration: 100, jitter: 5, jitterMode: 'equal' }, 1, () => 0.5)).toEqual([75]);
  });

  it('should still cap the growth of d', () => {
    expect(delays({ duration: 100, factor: 10, steps: 5, cap: 300, jitterMode: 'full' }, 3, () => 0.5)).toEqual([
      50, 150, 150,
    ]);
  });

  it('should pin the instants of exponentialBackoff with full jitter', () => {
    const testScheduler = createTestScheduler();
    const calls: number[] = [];
    testScheduler.run(({ expectObservable }) => {
      const condition = () => (calls.push(testScheduler.now()), false);
      const random = sequenceRandom([0.5, 0.1]);
      expectObservable(
        exponentialBackoff(condition, { duration: 40, factor: 2, steps: 3, jitterMode: 'full', random }),
      ).toBe('28ms #', undefined, interruptedWith(undefined));
    });
    // delays 0.5 * 40 = 20, 0.1 * 80 = 8
    expect(calls).toEqual([0, 20, 28]);
  });

  it('should reject an unknown mode naming the option', () => {
    expect(() => stepBackoff({ duration: 1, jitterMode: 'random' as never })).toThrow(RangeError);
    expect(() => stepBackoff({ duration: 1, jitterMode: 'random' as never })).toThrow(/`jitterMode`/);
    expect(() => exponentialBackoff(() => true, { duration: 1, steps: 1, jitterMode: 3 as never })).toThrow(TypeError);
  });
});

describe('decorrelatedJitter', () => {
  it('should give a Backoff with the decorrelated mode', () => {
    expect(decorrelatedJitter({ base: 100, cap: 1000 })).toEqual({
      duration: 100,
      base: 100,
      cap: 1000,
      jitterMode: 'decorrelated',
    });
  });

  it('should draw each delay between base and three times the previous, capped', () => {
    expect(delays(decorrelatedJitter({ base: 100, cap: 1000 }), 6, () => 0.5)).toEqual([
      200, 350, 575, 912.5, 1000, 1000,
    ]);
    expect(delays(decorrelatedJitter({ base: 100, cap: 1000 }), 3, () => 0)).toEqual([100, 100, 100]);
  });

  it('should drive backoffRetry with exact instants', () => {
    const testScheduler = createTestScheduler();
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('#');
      const random = sequenceRandom([0.5, 0]);
      const options = { ...decorrelatedJitter({ base: 10, cap: 100 }), steps: 3, random };
      expectObservable(source.pipe(backoffRetry(options))).toBe('30ms #');
      // 10 + 0.5 * (30 - 10) = 20; then 10 + 0 = 10
      expectSubscriptions(source.subscriptions).toBe(['(^!)', '20ms (^!)', '30ms (^!)']);
    });
  });

  it('should reject a bad base or cap', () => {
    expect(() => decorrelatedJitter({ base: 0, cap: 10 })).toThrow(RangeError);
    expect(() => decorrelatedJitter({ base: 10, cap: 5 })).toThrow(/`cap` to be a finite number >= `base`/);
    expect(() => decorrelatedJitter({ base: NaN, cap: 5 })).toThrow(/`base`/);
    expect(() => stepBackoff({ duration: 10, jitterMode: 'decorrelated' })).toThrow(/`base`/);
  });
});
