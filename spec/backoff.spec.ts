import type { Backoff } from '../src';
import { DEFAULT_BACKOFF, DEFAULT_RETRY, decorrelatedJitter, jitter, stepBackoff } from '../src';

/** The first `count` delays of repeated stepBackoff calls. */
function delays(backoff: Backoff, count: number, random?: () => number): number[] {
  const out: number[] = [];
  let current = backoff;
  for (let i = 0; i < count; i++) {
    const { delay, next } = stepBackoff(current, random);
    out.push(delay);
    current = next;
  }
  return out;
}

describe('stepBackoff', () => {
  it("should take Go's negative values: jitter -0.5 is none, steps -1 no growth", () => {
    const delays: number[] = [];
    let backoff: Backoff = { duration: 1000, factor: 2, steps: 3, jitter: -0.5 };
    for (let i = 0; i < 4; i++) {
      const step = stepBackoff(backoff, () => 0.99);
      delays.push(step.delay);
      backoff = step.next;
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000]);
    const once = stepBackoff({ duration: 1000, factor: 2, steps: -1 }, () => 0.5);
    expect(once).toEqual({ delay: 1000, next: expect.objectContaining({ duration: 1000, steps: -1 }) });
  });

  it("should leave the cap alone while factor is 0, as Go's Step does (only a factor moves the delay)", () => {
    const delays: number[] = [];
    let backoff: Backoff = { duration: 5000, cap: 3000, steps: 5 };
    for (let i = 0; i < 4; i++) {
      const step = stepBackoff(backoff, () => 0);
      delays.push(step.delay);
      backoff = step.next;
    }
    expect(delays).toEqual([5000, 5000, 5000, 5000]);
    expect(backoff).toEqual(expect.objectContaining({ duration: 5000, steps: 1 }));
  });

  it.each<[string, Backoff, number[]]>([
    [
      '{1s, x2, Steps 3} grows three times, then stays',
      { duration: 1000, factor: 2, steps: 3 },
      [1000, 2000, 4000, 8000, 8000],
    ],
    [
      '{1s, x2, Steps 3, Cap 3s} stops at the cap',
      { duration: 1000, factor: 2, steps: 3, cap: 3000 },
      [1000, 2000, 3000, 3000],
    ],
    ['{1s, x2, Steps 1} grows once', { duration: 1000, factor: 2, steps: 1 }, [1000, 2000, 2000]],
    [
      '{5s, x2, Steps 5, Cap 3s} drops to the cap',
      { duration: 5000, factor: 2, steps: 5, cap: 3000 },
      [5000, 3000, 3000],
    ],
    ['{1s, x0.5, Steps 4} shrinks', { duration: 1000, factor: 0.5, steps: 4 }, [1000, 500, 250, 125, 62.5, 62.5]],
    ['factor 0 leaves the delay as it is', { duration: 1000, factor: 0, steps: 3 }, [1000, 1000, 1000, 1000]],
    ['steps 0 never grows', { duration: 1000, factor: 2 }, [1000, 1000, 1000]],
  ])('should follow Go: %s', (_label, backoff, expected) => {
    expect(delays(backoff, expected.length)).toEqual(expected);
  });

  it('should jitter the returned delay without feeding jitter back (rand 0.5: 1.25, 2.5, 5, 10)', () => {
    expect(delays({ duration: 1000, factor: 2, steps: 3, jitter: 0.5 }, 4, () => 0.5)).toEqual([
      1250, 2500, 5000, 10000,
    ]);
  });

  it('should jitter even when no steps are left', () => {
    expect(delays({ duration: 100, jitter: 1 }, 2, () => 0.25)).toEqual([125, 125]);
  });

  it('should not call random when jitter is 0', () => {
    const random = jest.fn(() => 0.5);
    stepBackoff({ duration: 10, factor: 2, steps: 2 }, random);
    expect(random).not.toHaveBeenCalled();
  });

  it('should return the next backoff and leave its input untouched', () => {
    const input: Backoff = { duration: 1000, factor: 2, steps: 2, cap: 1500 };
    const { delay, next } = stepBackoff(input);
    expect(delay).toBe(1000);
    expect(next).toEqual({
      duration: 1500,
      factor: 2,
      jitter: 0,
      steps: 0,
      cap: 1500,
      jitterMode: 'proportional',
      base: 0,
    });
    expect(input).toEqual({ duration: 1000, factor: 2, steps: 2, cap: 1500 });
  });

  it('should keep fractional milliseconds', () => {
    expect(delays({ duration: 0.3, factor: 3, steps: 2 }, 3)).toEqual([0.3, 0.3 * 3, 0.3 * 3 * 3]);
  });

  it.each([
    [{ duration: -1 }, RangeError, /`duration`/],
    [{ duration: NaN }, RangeError, /`duration`/],
    [{ duration: Infinity }, RangeError, /`duration`/],
    [{ duration: '10' }, TypeError, /`duration`/],
    [{ duration: 10, factor: -2 }, RangeError, /`factor`/],
    [{ duration: 10, jitter: NaN }, RangeError, /`jitter`/],
    [{ duration: 10, steps: 1.5 }, RangeError, /`steps`/],
    [{ duration: 10, jitter: Infinity }, RangeError, /`jitter`/],
    [{ duration: 10, cap: -5 }, RangeError, /`cap`/],
    [null, TypeError, /options of `stepBackoff`/],
  ])('should reject %p', (backoff, type, message) => {
    expect(() => stepBackoff(backoff as Backoff)).toThrow(type);
    expect(() => stepBackoff(backoff as Backoff)).toThrow(message);
  });

  it('should reject a random that is not a function', () => {
    expect(() => stepBackoff({ duration: 1 }, 0.5 as unknown as () => number)).toThrow(/`random`/);
  });
});

describe('jitter', () => {
  it('should add up to maxFactor times the duration', () => {
    expect(jitter(1000, 0.1, () => 0.5)).toBe(1050);
    expect(jitter(200, 0.25, () => 0)).toBe(200);
    expect(jitter(200, 2, () => 0.75)).toBe(500);
  });

  it('should treat maxFactor <= 0 as 1', () => {
    expect(jitter(1000, 0, () => 0.5)).toBe(1500);
    expect(jitter(1000, -3, () => 0.5)).toBe(1500);
  });

  it('should default to Math.random, staying within [d, d + f*d)', () => {
    for (let i = 0; i < 100; i++) {
      const value = jitter(100, 0.5);
      expect(value).toBeGreaterThanOrEqual(100);
      expect(value).toBeLessThan(150);
    }
  });

  it('should reject bad input naming it', () => {
    expect(() => jitter(-1, 1)).toThrow(RangeError);
    expect(() => jitter(1, NaN)).toThrow(/`maxFactor`/);
    expect(() => jitter(1, '1' as unknown as number)).toThrow(TypeError);
  });
});

describe('DEFAULT_RETRY and DEFAULT_BACKOFF', () => {
  it("should match client-go's retry.DefaultRetry and retry.DefaultBackoff", () => {
    expect(DEFAULT_RETRY).toEqual({ duration: 10, factor: 1, jitter: 0.1, steps: 5 });
    expect(DEFAULT_BACKOFF).toEqual({ duration: 10, factor: 5, jitter: 0.1, steps: 4 });
  });

  it('should be frozen so nobody changes the defaults for everyone', () => {
    expect(Object.isFrozen(DEFAULT_RETRY)).toBe(true);
    expect(Object.isFrozen(DEFAULT_BACKOFF)).toBe(true);
  });

  it('should give the client-go delay sequence for DefaultBackoff (no jitter from random 0)', () => {
    expect(delays(DEFAULT_BACKOFF, 4, () => 0)).toEqual([10, 50, 250, 1250]);
  });
});

describe('backoff arithmetic at the edge of the numbers', () => {
  it('should cap a delay that overflows at the largest finite number, so the next step still works', () => {
    const first = stepBackoff({ duration: 1e308, factor: 10, steps: 3 });
    expect(first.delay).toBe(1e308);
    expect(first.next.duration).toBe(Number.MAX_VALUE);
    const second = stepBackoff(first.next);
    expect(second.delay).toBe(Number.MAX_VALUE);
    expect(second.next.duration).toBe(Number.MAX_VALUE);
  });

  it('should never give NaN for a full jitter drawing 0 after an overflow', () => {
    let backoff: Backoff = { duration: 1, factor: 1e308, steps: 5, jitterMode: 'full' };
    const out: number[] = [];
    for (let i = 0; i < 4; i++) {
      const { delay, next } = stepBackoff(backoff, () => 0);
      out.push(delay);
      backoff = next;
    }
    expect(out).toEqual([0, 0, 0, 0]);
  });

  it('should keep a jittered delay finite', () => {
    expect(jitter(Number.MAX_VALUE, 1, () => 0.5)).toBe(Number.MAX_VALUE);
    expect(stepBackoff({ duration: Number.MAX_VALUE, jitter: 1e300 }, () => 0.9).delay).toBe(Number.MAX_VALUE);
  });
});

describe('backoff arithmetic', () => {
  it('should keep growing when the next duration equals the cap exactly', () => {
    expect(stepBackoff({ duration: 50, factor: 2, steps: 3, cap: 100 }).next).toMatchObject({
      duration: 100,
      steps: 2,
    });
    expect(stepBackoff({ duration: 60, factor: 2, steps: 3, cap: 100 }).next).toMatchObject({
      duration: 100,
      steps: 0,
    });
  });

  it("should treat cap 0 as no cap in 'decorrelated' mode", () => {
    expect(stepBackoff({ duration: 100, base: 100, jitterMode: 'decorrelated' }, () => 0.5).delay).toBe(200);
  });

  it('should accept cap equal to base in decorrelatedJitter', () => {
    expect(decorrelatedJitter({ base: 10, cap: 10 })).toMatchObject({ base: 10, cap: 10 });
  });
});
