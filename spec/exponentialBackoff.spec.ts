import { VirtualTimeScheduler, map, switchMap, tap, timer } from 'rxjs';
import { InterruptedError, exponentialBackoff, isInterrupted } from '../src';
import type { Recorder } from './helpers';
import { abortListeners, countingScheduler, createTestScheduler, interruptedWith, recordCalls } from './helpers';

describe('exponentialBackoff', () => {
  it('should call at subscription and succeed in that instant when the condition is true at once', () => {
    const testScheduler = createTestScheduler();
    let recorder!: Recorder;
    testScheduler.run(({ expectObservable }) => {
      recorder = recordCalls(testScheduler, () => true);
      expectObservable(exponentialBackoff(recorder.condition, { duration: 10, factor: 2, steps: 4 })).toBe('(a|)', {
        a: undefined,
      });
    });
    expect(recorder.calls).toEqual([0]);
  });

  it('should wait the stepBackoff delays between calls and succeed on the matching call', () => {
    const testScheduler = createTestScheduler();
    let recorder!: Recorder;
    testScheduler.run(({ expectObservable }) => {
      recorder = recordCalls(testScheduler, (attempt) => attempt === 3);
      expectObservable(exponentialBackoff(recorder.condition, { duration: 10, factor: 2, steps: 4 })).toBe(
        '30ms (a|)',
        { a: undefined },
      );
    });
    expect(recorder.calls).toEqual([0, 10, 30]);
  });

  it('should make at most `steps` calls with no wait after the last, then the wait-timeout error', () => {
    const testScheduler = createTestScheduler();
    let recorder!: Recorder;
    const errors: unknown[] = [];
    testScheduler.run(({ expectObservable }) => {
      recorder = recordCalls(testScheduler, () => false);
      const wait = exponentialBackoff(recorder.condition, { duration: 10, factor: 2, steps: 4 });
      expectObservable(wait.pipe(tap({ error: (e: unknown) => errors.push(e) }))).toBe(
        '70ms #',
        undefined,
        interruptedWith(undefined),
      );
    });
    expect(recorder.calls).toEqual([0, 10, 30, 70]);
    const err = errors[0] as InterruptedError;
    expect(err).toBeInstanceOf(InterruptedError);
    expect(err.cause).toBeUndefined();
    expect(err.message).toBe('timed out waiting for the condition');
    expect(err.attempts).toBe(4);
    expect(isInterrupted(err)).toBe(true);
  });

  it('should with `steps: Infinity` keep calling, the delay growing to the cap, until the deadline', () => {
    const testScheduler = createTestScheduler();
    let recorder!: Recorder;
    testScheduler.run(({ expectObservable }) => {
      recorder = recordCalls(testScheduler, () => false);
      const wait = exponentialBackoff(recorder.condition, {
        duration: 10,
        factor: 2,
        cap: 40,
        steps: Infinity,
        timeout: 200,
      });
      expectObservable(wait).toBe('200ms #', undefined, interruptedWith('TimeoutError'));
    });
    // delays 10, 20, 40, then 40 at the cap
    expect(recorder.calls).toEqual([0, 10, 30, 70, 110, 150, 190]);
  });

  it('should keep calling at the cap instead of stopping early like Go (kubernetes#131122)', () => {
    const testScheduler = createTestScheduler();
    let recorder!: Recorder;
    testScheduler.run(({ expectObservable }) => {
      recorder = recordCalls(testScheduler, () => false);
      expectObservable(exponentialBackoff(recorder.condition, { duration: 10, factor: 2, steps: 5, cap: 25 })).toBe(
        '80ms #',
        undefined,
        interruptedWith(undefined),
      );
    });
    // delays 10, 20, 25 (capped), 25
    expect(recorder.calls).toEqual([0, 10, 30, 55, 80]);
  });

  it('should error at subscription with no call when steps is 0', () => {
    const testScheduler = createTestScheduler();
    let recorder!: Recorder;
    const errors: InterruptedError[] = [];
    testScheduler.run(({ expectObservable }) => {
      recorder = recordCalls(testScheduler, () => true);
      const wait = exponentialBackoff(recorder.condition, { duration: 10, steps: 0 });
      expectObservable(wait).toBe('#', undefined, interruptedWith(undefined));
      wait.subscribe({ error: (e) => errors.push(e) });
    });
    expect(recorder.calls).toEqual([]);
    expect(errors[0].attempts).toBe(0);
  });

  it('should make exactly one call with steps 1', () => {
    const testScheduler = createTestScheduler();
    let recorder!: Recorder;
    testScheduler.run(({ expectObservable }) => {
      recorder = recordCalls(testScheduler, () => false);
      expectObservable(exponentialBackoff(recorder.condition, { duration: 10, steps: 1 })).toBe(
        '#',
        undefined,
        interruptedWith(undefined),
      );
    });
    expect(recorder.calls).toEqual([0]);
  });

  it('should jitter each delay with the injected random', () => {
    const testScheduler = createTestScheduler();
    let recorder!: Recorder;
    testScheduler.run(({ expectObservable }) => {
      recorder = recordCalls(testScheduler, () => false);
      const wait = exponentialBackoff(recorder.condition, {
        duration: 10,
        factor: 2,
        jitter: 1,
        steps: 3,
        random: () => 0.6,
      });
      expectObservable(wait).toBe('48ms #', undefined, interruptedWith(undefined));
    });
    // delays 10 * 1.6 = 16, 20 * 1.6 = 32
    expect(recorder.calls).toEqual([0, 16, 48]);
  });

  it('should start each delay when an async call settles', () => {
    const testScheduler = createTestScheduler();
    let recorder!: Recorder;
    testScheduler.run(({ expectObservable }) => {
      recorder = recordCalls(testScheduler, () => timer(5).pipe(map(() => false)));
      expectObservable(exponentialBackoff(recorder.condition, { duration: 10, factor: 2, steps: 3 })).toBe(
        '45ms #',
        undefined,
        interruptedWith(undefined),
      );
    });
    expect(recorder.calls).toEqual([0, 15, 40]);
  });

  it("should error with the condition's own error, untouched, and make no further call", () => {
    const testScheduler = createTestScheduler();
    const boom = new Error('boom');
    let recorder!: Recorder;
    testScheduler.run(({ expectObservable }) => {
      recorder = recordCalls(testScheduler, (attempt) => {
        if (attempt === 2) throw boom;
        return false;
      });
      expectObservable(exponentialBackoff(recorder.condition, { duration: 10, steps: 5 })).toBe(
        '10ms #',
        undefined,
        boom,
      );
    });
    expect(recorder.calls).toEqual([0, 10]);
    expect(recorder.signals[0].reason).toBe(boom);
  });

  describe('with signal', () => {
    it('should make no call when the signal is already aborted', () => {
      const testScheduler = createTestScheduler();
      const controller = new AbortController();
      const reason = new DOMException('cancelled', 'AbortError');
      controller.abort(reason);
      let recorder!: Recorder;
      testScheduler.run(({ expectObservable }) => {
        recorder = recordCalls(testScheduler, () => true);
        expectObservable(
          exponentialBackoff(recorder.condition, { duration: 10, steps: 3, signal: controller.signal }),
        ).toBe('#', undefined, expect.objectContaining({ name: 'InterruptedError', cause: reason }));
      });
      expect(recorder.calls).toEqual([]);
    });

    it('should interrupt a wait at the instant of the abort', () => {
      const testScheduler = createTestScheduler();
      const controller = new AbortController();
      let recorder!: Recorder;
      testScheduler.run(({ expectObservable }) => {
        recorder = recordCalls(testScheduler, () => false);
        testScheduler.schedule(() => controller.abort(), 15);
        expectObservable(
          exponentialBackoff(recorder.condition, { duration: 10, factor: 2, steps: 5, signal: controller.signal }),
        ).toBe('15ms #', undefined, interruptedWith('AbortError'));
      });
      expect(recorder.calls).toEqual([0, 10]);
      expect(abortListeners(controller.signal)).toBe(0);
    });
  });

  describe('with timeout', () => {
    it('should interrupt at the deadline when the next delay would pass it', () => {
      const testScheduler = createTestScheduler();
      let recorder!: Recorder;
      testScheduler.run(({ expectObservable }) => {
        recorder = recordCalls(testScheduler, () => false);
        expectObservable(
          exponentialBackoff(recorder.condition, { duration: 10, factor: 2, steps: 10, timeout: 50 }),
        ).toBe('50ms #', undefined, interruptedWith('TimeoutError'));
      });
      expect(recorder.calls).toEqual([0, 10, 30]);
    });

    it('should make no call with timeout 0', () => {
      const testScheduler = createTestScheduler();
      let recorder!: Recorder;
      testScheduler.run(({ expectObservable }) => {
        recorder = recordCalls(testScheduler, () => true);
        expectObservable(exponentialBackoff(recorder.condition, { duration: 10, steps: 3, timeout: 0 })).toBe(
          '#',
          undefined,
          interruptedWith('TimeoutError'),
        );
      });
      expect(recorder.calls).toEqual([]);
    });
  });

  it('should stop on unsubscribe with nothing scheduled and the context signal aborted', () => {
    const testScheduler = createTestScheduler();
    let recorder!: Recorder;
    let counter!: ReturnType<typeof countingScheduler>;
    testScheduler.run(({ expectObservable }) => {
      counter = countingScheduler(testScheduler);
      recorder = recordCalls(testScheduler, () => false);
      const wait = exponentialBackoff(recorder.condition, {
        duration: 10,
        factor: 2,
        steps: 10,
        scheduler: counter.scheduler,
      });
      expectObservable(wait, '20ms !').toBe('');
    });
    expect(recorder.calls).toEqual([0, 10]);
    expect(counter.pending).toBe(0);
    expect(counter.maxPending).toBe(1);
    expect(recorder.signals[0].aborted).toBe(true);
  });

  it('should give every subscription its own backoff, starting from the first delay', () => {
    const testScheduler = createTestScheduler();
    let recorder!: Recorder;
    testScheduler.run(({ expectObservable }) => {
      recorder = recordCalls(testScheduler, () => false);
      const wait = exponentialBackoff(recorder.condition, { duration: 10, factor: 2, steps: 3 });
      expectObservable(wait).toBe('30ms #', undefined, interruptedWith(undefined));
      expectObservable(timer(100).pipe(switchMap(() => wait))).toBe('130ms #', undefined, interruptedWith(undefined));
    });
    expect(recorder.calls).toEqual([0, 10, 30, 100, 110, 130]);
    expect(recorder.contexts.map((c) => c.attempt)).toEqual([1, 2, 3, 1, 2, 3]);
  });

  it('should never schedule a delay longer than setTimeout allows in one piece', () => {
    const scheduler = new VirtualTimeScheduler();
    const counter = countingScheduler(scheduler);
    const calls: number[] = [];
    exponentialBackoff(
      () => {
        calls.push(scheduler.now());
        return calls.length === 2;
      },
      { duration: 2 ** 32, steps: 2, scheduler: counter.scheduler },
    ).subscribe();
    scheduler.flush();
    expect(calls).toEqual([0, 2 ** 32]);
    // 2^32 ms armed as 2^31 - 1, 2^31 - 1 and the remaining 2 ms
    expect(counter.scheduled).toBe(3);
  });

  it('should validate at call time naming the option', () => {
    expect(() => exponentialBackoff(() => true, { duration: 10 } as never)).toThrow(
      new TypeError('Expected `steps` to be an integer >= 0 (Infinity for no limit), got undefined'),
    );
    expect(() => exponentialBackoff(() => true, { duration: 10, steps: 2.5 })).toThrow(RangeError);
    expect(() => exponentialBackoff(() => true, { duration: -1, steps: 2 })).toThrow(/`duration`/);
  });

  it('should keep its deadline when the delays overflow (full jitter drawing 0)', () => {
    const testScheduler = createTestScheduler();
    let recorder!: Recorder;
    testScheduler.run(({ expectObservable }) => {
      recorder = recordCalls(testScheduler, () => false);
      const wait = exponentialBackoff(recorder.condition, {
        duration: 1,
        factor: 1e308,
        steps: 5,
        jitterMode: 'full',
        random: () => 0,
        timeout: 100,
      });
      expectObservable(wait).toBe('#', undefined, interruptedWith(undefined));
    });
    expect(recorder.calls).toEqual([0, 0, 0, 0, 0]);
  });

  describe('with immediate: false', () => {
    it('should wait the first backoff delay before the first attempt, and each next one after', () => {
      const testScheduler = createTestScheduler();
      let recorder!: Recorder;
      testScheduler.run(({ expectObservable }) => {
        recorder = recordCalls(testScheduler, () => false);
        const wait = exponentialBackoff(recorder.condition, { duration: 10, factor: 2, steps: 4, immediate: false });
        expectObservable(wait).toBe('150ms #', undefined, interruptedWith(undefined));
      });
      expect(recorder.calls).toEqual([10, 30, 70, 150]);
    });

    it('should complete in the instant of the attempt that succeeds', () => {
      const testScheduler = createTestScheduler();
      let recorder!: Recorder;
      testScheduler.run(({ expectObservable }) => {
        recorder = recordCalls(testScheduler, (attempt) => attempt === 2);
        const wait = exponentialBackoff(recorder.condition, { duration: 10, factor: 2, steps: 4, immediate: false });
        expectObservable(wait).toBe('30ms (a|)', { a: undefined });
      });
      expect(recorder.calls).toEqual([10, 30]);
    });

    it('should make no attempt when the signal is already aborted, or the timeout passes first', () => {
      const testScheduler = createTestScheduler();
      const controller = new AbortController();
      controller.abort(new DOMException('stop', 'AbortError'));
      let recorder!: Recorder;
      testScheduler.run(({ expectObservable }) => {
        recorder = recordCalls(testScheduler, () => true);
        const options = { duration: 10, steps: 3, immediate: false };
        expectObservable(exponentialBackoff(recorder.condition, { ...options, signal: controller.signal })).toBe(
          '#',
          undefined,
          interruptedWith('AbortError'),
        );
        expectObservable(exponentialBackoff(recorder.condition, { ...options, timeout: 10 })).toBe(
          '10ms #',
          undefined,
          interruptedWith('TimeoutError'),
        );
      });
      expect(recorder.calls).toEqual([]);
    });

    it('should reject an immediate that is not a boolean, naming it', () => {
      expect(() => exponentialBackoff(() => true, { duration: 1, steps: 1, immediate: 'no' as never })).toThrow(
        new TypeError('Expected `immediate` to be a boolean, got "no"'),
      );
    });
  });
});
