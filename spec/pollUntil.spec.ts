import { NEVER, VirtualTimeScheduler, defer, filter, from, map, of, switchMap, tap, throwError, timer } from 'rxjs';
import { InterruptedError, isCanceled, isDeadlineExceeded, isInterrupted, pollImmediate, pollUntil } from '../src';
import type { Recorder } from './helpers';
import { abortListeners, countingScheduler, createTestScheduler, interruptedWith, recordCalls } from './helpers';

/** A condition answer that settles `false` after `ms` of scheduler time. */
const slowFalse = (ms: number) => timer(ms).pipe(map(() => false));
const slowTrue = (ms: number) => timer(ms).pipe(map(() => true));

describe('pollUntil', () => {
  it('should emit one undefined and complete in the instant the condition returns true', () => {
    const testScheduler = createTestScheduler();
    let recorder!: Recorder;
    testScheduler.run(({ expectObservable }) => {
      recorder = recordCalls(testScheduler, (attempt) => attempt === 3);
      expectObservable(pollUntil(recorder.condition, { interval: 10 })).toBe('30ms (a|)', { a: undefined });
    });
    expect(recorder.calls).toEqual([10, 20, 30]);
  });

  it('should make the first call one interval after subscription when the condition is true at once', () => {
    const testScheduler = createTestScheduler();
    let recorder!: Recorder;
    testScheduler.run(({ expectObservable }) => {
      recorder = recordCalls(testScheduler, () => true);
      expectObservable(pollUntil(recorder.condition, { interval: 25 })).toBe('25ms (a|)', { a: undefined });
    });
    expect(recorder.calls).toEqual([25]);
  });

  it('should count attempts from 1 in the context', () => {
    const testScheduler = createTestScheduler();
    let recorder!: Recorder;
    testScheduler.run(({ expectObservable }) => {
      recorder = recordCalls(testScheduler, (attempt) => attempt === 4);
      expectObservable(pollUntil(recorder.condition, { interval: 5 })).toBe('20ms (a|)', { a: undefined });
    });
    expect(recorder.contexts.map((c) => c.attempt)).toEqual([1, 2, 3, 4]);
  });

  describe('with timeout', () => {
    it('should call at 20, 40, 60, 80, 100 and interrupt at 110 (Go timeline 20/110/not immediate)', () => {
      const testScheduler = createTestScheduler();
      let recorder!: Recorder;
      testScheduler.run(({ expectObservable }) => {
        recorder = recordCalls(testScheduler, () => false);
        expectObservable(pollUntil(recorder.condition, { interval: 20, timeout: 110 })).toBe(
          '110ms #',
          undefined,
          interruptedWith('TimeoutError'),
        );
      });
      expect(recorder.calls).toEqual([20, 40, 60, 80, 100]);
    });

    it('should make no call and interrupt at 20 when the timeout is shorter than the interval (100/20)', () => {
      const testScheduler = createTestScheduler();
      let recorder!: Recorder;
      testScheduler.run(({ expectObservable }) => {
        recorder = recordCalls(testScheduler, () => false);
        expectObservable(pollUntil(recorder.condition, { interval: 100, timeout: 20 })).toBe(
          '20ms #',
          undefined,
          interruptedWith('TimeoutError'),
        );
      });
      expect(recorder.calls).toEqual([]);
    });

    it('should let the deadline win a tie with a tick: no call at the deadline', () => {
      const testScheduler = createTestScheduler();
      let recorder!: Recorder;
      testScheduler.run(({ expectObservable }) => {
        recorder = recordCalls(testScheduler, () => false);
        expectObservable(pollUntil(recorder.condition, { interval: 10, timeout: 30 })).toBe(
          '30ms #',
          undefined,
          interruptedWith('TimeoutError'),
        );
      });
      expect(recorder.calls).toEqual([10, 20]);
    });

    it('should make no call and error at subscription with timeout 0', () => {
      const testScheduler = createTestScheduler();
      let recorder!: Recorder;
      testScheduler.run(({ expectObservable }) => {
        recorder = recordCalls(testScheduler, () => true);
        expectObservable(pollUntil(recorder.condition, { interval: 10, timeout: 0 })).toBe(
          '#',
          undefined,
          interruptedWith('TimeoutError'),
        );
      });
      expect(recorder.calls).toEqual([]);
    });

    it('should give an InterruptedError whose cause is a TimeoutError DOMException, with the attempt count', () => {
      const testScheduler = createTestScheduler();
      const errors: unknown[] = [];
      testScheduler.run(() => {
        pollUntil(() => false, { interval: 10, timeout: 45 }).subscribe({ error: (e) => errors.push(e) });
      });
      expect(errors).toHaveLength(1);
      const err = errors[0] as InterruptedError;
      expect(err).toBeInstanceOf(InterruptedError);
      expect(err.cause).toBeInstanceOf(DOMException);
      expect((err.cause as DOMException).name).toBe('TimeoutError');
      expect(err.message).toBe('The wait timed out after 45 ms');
      expect(err.attempts).toBe(4);
      expect(isInterrupted(err)).toBe(true);
      expect(isDeadlineExceeded(err)).toBe(true);
      expect(isCanceled(err)).toBe(false);
    });

    it('should interrupt an attempt in flight at the deadline, abort its signal with the cause and ignore its late result', () => {
      const testScheduler = createTestScheduler();
      let recorder!: Recorder;
      const errors: InterruptedError[] = [];
      testScheduler.run(({ expectObservable }) => {
        recorder = recordCalls(testScheduler, () => slowTrue(50));
        const result = pollUntil(recorder.condition, { interval: 10, timeout: 30 });
        result.subscribe({ error: (e) => errors.push(e) });
        expectObservable(result).toBe('30ms #', undefined, interruptedWith('TimeoutError'));
      });
      expect(recorder.calls).toEqual([10, 10]);
      const signal = recorder.signals[0];
      expect(signal.aborted).toBe(true);
      expect(signal.reason).toBe(errors[0].cause);
    });

    it('should see an attempt that settles exactly at the deadline before the deadline (as Go does)', () => {
      const testScheduler = createTestScheduler();
      testScheduler.run(({ expectObservable }) => {
        const settlesTrueAt30 = pollUntil(() => slowTrue(20), { interval: 10, timeout: 30 });
        expectObservable(settlesTrueAt30).toBe('30ms (a|)', { a: undefined });
        const settlesFalseAt30 = pollUntil(() => slowFalse(20), { interval: 10, timeout: 30 });
        expectObservable(settlesFalseAt30).toBe('30ms #', undefined, interruptedWith('TimeoutError'));
      });
    });

    it('should stop a wait nested in the condition with the outer deadline as its cause', () => {
      const testScheduler = createTestScheduler();
      const outerErrors: InterruptedError[] = [];
      const innerErrors: InterruptedError[] = [];
      let innerCalls = 0;
      testScheduler.run(() => {
        const outer = pollImmediate(
          ({ signal }) =>
            pollUntil(() => (innerCalls++, false), { interval: 10, signal }).pipe(
              tap({ error: (e: InterruptedError) => innerErrors.push(e) }),
              map(() => true),
            ),
          { interval: 100, timeout: 55 },
        );
        outer.subscribe({ error: (e) => outerErrors.push(e) });
      });
      expect(innerCalls).toBe(5); // at 10, 20, 30, 40, 50
      expect(outerErrors).toHaveLength(1);
      expect(innerErrors).toHaveLength(1);
      expect(isDeadlineExceeded(outerErrors[0])).toBe(true);
      expect(isDeadlineExceeded(innerErrors[0])).toBe(true);
      expect(innerErrors[0].cause).toBe(outerErrors[0].cause);
    });
  });

  describe('fixed rate (sliding: false)', () => {
    it('should follow an overrun at once and keep the phase: 10, 35, 40, 50', () => {
      const testScheduler = createTestScheduler();
      let recorder!: Recorder;
      testScheduler.run(({ expectObservable }) => {
        recorder = recordCalls(testScheduler, (attempt) => (attempt === 1 ? slowFalse(25) : attempt === 4));
        expectObservable(pollUntil(recorder.condition, { interval: 10 })).toBe('50ms (a|)', { a: undefined });
      });
      expect(recorder.calls).toEqual([10, 35, 40, 50]);
    });

    it('should keep calls 40 apart when each takes 30 (immediate: 0, 40, 80, 120)', () => {
      const testScheduler = createTestScheduler();
      let recorder!: Recorder;
      testScheduler.run(({ expectObservable }) => {
        recorder = recordCalls(testScheduler, (attempt) => (attempt === 4 ? slowTrue(30) : slowFalse(30)));
        expectObservable(pollUntil(recorder.condition, { interval: 40, immediate: true })).toBe('150ms (a|)', {
          a: undefined,
        });
      });
      expect(recorder.calls).toEqual([0, 40, 80, 120]);
    });

    it('should collapse missed ticks when each call takes 50 of a 20 interval (immediate: 0, 50, 100, 150)', () => {
      const testScheduler = createTestScheduler();
      let recorder!: Recorder;
      testScheduler.run(({ expectObservable }) => {
        recorder = recordCalls(testScheduler, (attempt) => (attempt === 4 ? slowTrue(50) : slowFalse(50)));
        expectObservable(pollUntil(recorder.condition, { interval: 20, immediate: true })).toBe('200ms (a|)', {
          a: undefined,
        });
      });
      expect(recorder.calls).toEqual([0, 50, 100, 150]);
    });

    it('should call once at a tick that falls exactly when an attempt settles', () => {
      const testScheduler = createTestScheduler();
      let recorder!: Recorder;
      testScheduler.run(({ expectObservable }) => {
        recorder = recordCalls(testScheduler, (attempt) => (attempt === 1 ? slowFalse(10) : attempt === 3));
        expectObservable(pollUntil(recorder.condition, { interval: 10 })).toBe('30ms (a|)', { a: undefined });
      });
      expect(recorder.calls).toEqual([10, 20, 30]);
    });

    it('should keep fractional intervals without drift', () => {
      const calls: number[] = [];
      const scheduler = new VirtualTimeScheduler();
      pollUntil(
        () => {
          calls.push(scheduler.now());
          return calls.length === 10;
        },
        { interval: 0.1, scheduler },
      ).subscribe();
      scheduler.flush();
      expect(calls).toHaveLength(10);
      expect(calls[9]).toBeCloseTo(1, 9);
    });
  });

  describe('sliding', () => {
    it('should restart the interval when an attempt settles', () => {
      const testScheduler = createTestScheduler();
      let recorder!: Recorder;
      testScheduler.run(({ expectObservable }) => {
        recorder = recordCalls(testScheduler, (attempt) => (attempt === 1 ? slowFalse(25) : attempt === 3));
        expectObservable(pollUntil(recorder.condition, { interval: 10, sliding: true })).toBe('55ms (a|)', {
          a: undefined,
        });
      });
      expect(recorder.calls).toEqual([10, 45, 55]);
    });

    it('should call at 0 then every 20 after each settle when immediate', () => {
      const testScheduler = createTestScheduler();
      let recorder!: Recorder;
      testScheduler.run(({ expectObservable }) => {
        recorder = recordCalls(testScheduler, (attempt) => (attempt < 3 ? slowFalse(5) : true));
        expectObservable(pollUntil(recorder.condition, { interval: 20, sliding: true, immediate: true })).toBe(
          '50ms (a|)',
          { a: undefined },
        );
      });
      expect(recorder.calls).toEqual([0, 25, 50]);
    });
  });

  describe('immediate', () => {
    it('should call at 0, 20, ..., 100 and interrupt at 110 (Go timeline 20/110/immediate)', () => {
      const testScheduler = createTestScheduler();
      let recorder!: Recorder;
      testScheduler.run(({ expectObservable }) => {
        recorder = recordCalls(testScheduler, () => false);
        expectObservable(pollUntil(recorder.condition, { interval: 20, timeout: 110, immediate: true })).toBe(
          '110ms #',
          undefined,
          interruptedWith('TimeoutError'),
        );
      });
      expect(recorder.calls).toEqual([0, 20, 40, 60, 80, 100]);
    });

    it('should make exactly one call at 0 and interrupt at 20 when the timeout is shorter (100/20/immediate)', () => {
      const testScheduler = createTestScheduler();
      let recorder!: Recorder;
      testScheduler.run(({ expectObservable }) => {
        recorder = recordCalls(testScheduler, () => false);
        expectObservable(pollUntil(recorder.condition, { interval: 100, timeout: 20, immediate: true })).toBe(
          '20ms #',
          undefined,
          interruptedWith('TimeoutError'),
        );
      });
      expect(recorder.calls).toEqual([0]);
    });

    it('should call once even with timeout 0, then error at once', () => {
      const testScheduler = createTestScheduler();
      let recorder!: Recorder;
      testScheduler.run(({ expectObservable }) => {
        recorder = recordCalls(testScheduler, () => false);
        expectObservable(pollUntil(recorder.condition, { interval: 10, timeout: 0, immediate: true })).toBe(
          '#',
          undefined,
          interruptedWith('TimeoutError'),
        );
      });
      expect(recorder.calls).toEqual([0]);
    });

    it('should succeed with timeout 0 when that one call returns true', () => {
      const testScheduler = createTestScheduler();
      let recorder!: Recorder;
      testScheduler.run(({ expectObservable }) => {
        recorder = recordCalls(testScheduler, () => true);
        expectObservable(pollUntil(recorder.condition, { interval: 10, timeout: 0, immediate: true })).toBe('(a|)', {
          a: undefined,
        });
      });
      expect(recorder.calls).toEqual([0]);
    });

    it('should call once even with an aborted signal, then error with its reason', () => {
      const testScheduler = createTestScheduler();
      const controller = new AbortController();
      const reason = new Error('shutting down');
      controller.abort(reason);
      let recorder!: Recorder;
      const errors: unknown[] = [];
      testScheduler.run(() => {
        recorder = recordCalls(testScheduler, () => false);
        pollUntil(recorder.condition, { interval: 10, immediate: true, signal: controller.signal }).subscribe({
          error: (e) => errors.push(e),
        });
      });
      expect(recorder.calls).toEqual([0]);
      expect(errors).toHaveLength(1);
      expect((errors[0] as InterruptedError).cause).toBe(reason);
      expect((errors[0] as InterruptedError).attempts).toBe(1);
    });

    it('should interrupt an async first call at once when the signal is already aborted', () => {
      const testScheduler = createTestScheduler();
      const controller = new AbortController();
      controller.abort();
      let recorder!: Recorder;
      testScheduler.run(({ expectObservable }) => {
        recorder = recordCalls(testScheduler, () => slowTrue(5));
        expectObservable(
          pollUntil(recorder.condition, { interval: 10, immediate: true, signal: controller.signal }),
        ).toBe('#', undefined, interruptedWith('AbortError'));
      });
      expect(recorder.calls).toEqual([0]);
      expect(recorder.signals[0].aborted).toBe(true);
    });
  });

  describe('with signal', () => {
    it('should make no call and error at subscription when the signal is already aborted', () => {
      const testScheduler = createTestScheduler();
      const controller = new AbortController();
      controller.abort();
      let recorder!: Recorder;
      testScheduler.run(({ expectObservable }) => {
        recorder = recordCalls(testScheduler, () => true);
        expectObservable(pollUntil(recorder.condition, { interval: 10, signal: controller.signal })).toBe(
          '#',
          undefined,
          interruptedWith('AbortError'),
        );
      });
      expect(recorder.calls).toEqual([]);
    });

    it('should interrupt while waiting, in the instant of the abort, with the reason as cause', () => {
      const testScheduler = createTestScheduler();
      const controller = new AbortController();
      const reason = new Error('user cancelled');
      let recorder!: Recorder;
      const errors: unknown[] = [];
      testScheduler.run(({ expectObservable }) => {
        recorder = recordCalls(testScheduler, () => false);
        const result = pollUntil(recorder.condition, { interval: 10, signal: controller.signal });
        testScheduler.schedule(() => controller.abort(reason), 35);
        expectObservable(result.pipe(tap({ error: (e: unknown) => errors.push(e) }))).toBe(
          '35ms #',
          undefined,
          expect.objectContaining({ name: 'InterruptedError', cause: reason }),
        );
      });
      expect(recorder.calls).toEqual([10, 20, 30]);
      expect((errors[0] as InterruptedError).message).toBe('user cancelled');
      expect(isCanceled(errors[0])).toBe(false); // the reason is a plain Error, not an AbortError
      expect(isInterrupted(errors[0])).toBe(true);
    });

    it('should abort the in-flight attempt with the same reason and ignore its late true', () => {
      const testScheduler = createTestScheduler();
      const controller = new AbortController();
      let recorder!: Recorder;
      testScheduler.run(({ expectObservable, cold, expectSubscriptions }) => {
        const answer = cold('------(t|)', { t: true });
        recorder = recordCalls(testScheduler, () => answer);
        testScheduler.schedule(() => controller.abort(), 13);
        expectObservable(pollUntil(recorder.condition, { interval: 10, signal: controller.signal })).toBe(
          '13ms #',
          undefined,
          interruptedWith('AbortError'),
        );
        expectSubscriptions(answer.subscriptions).toBe('10ms ^--!');
      });
      expect(recorder.calls).toEqual([10]);
      expect(recorder.signals[0].aborted).toBe(true);
      expect(recorder.signals[0].reason).toBe(controller.signal.reason);
    });

    it('should interrupt when the condition itself aborts the signal, ignoring what it returns', () => {
      const testScheduler = createTestScheduler();
      const controller = new AbortController();
      let recorder!: Recorder;
      testScheduler.run(({ expectObservable }) => {
        recorder = recordCalls(testScheduler, (attempt) => {
          if (attempt === 2) {
            controller.abort();
            return true;
          }
          return false;
        });
        expectObservable(pollUntil(recorder.condition, { interval: 10, signal: controller.signal })).toBe(
          '20ms #',
          undefined,
          interruptedWith('AbortError'),
        );
      });
      expect(recorder.calls).toEqual([10, 20]);
    });

    it('should keep one package listener on a shared signal and remove it when the waits end', () => {
      const testScheduler = createTestScheduler();
      const controller = new AbortController();
      const counts: number[] = [];
      testScheduler.run(() => {
        const a = pollUntil(() => false, { interval: 10, signal: controller.signal }).subscribe({ error: () => {} });
        const b = pollUntil(() => false, { interval: 10, signal: controller.signal }).subscribe({ error: () => {} });
        counts.push(abortListeners(controller.signal));
        a.unsubscribe();
        counts.push(abortListeners(controller.signal));
        b.unsubscribe();
        counts.push(abortListeners(controller.signal));
      });
      expect(counts).toEqual([1, 1, 0]);
    });

    it('should remove its listener when it succeeds, errors or times out', () => {
      const testScheduler = createTestScheduler();
      const controller = new AbortController();
      testScheduler.run(() => {
        pollUntil(() => true, { interval: 10, signal: controller.signal }).subscribe();
        pollUntil(
          () => {
            throw new Error('x');
          },
          { interval: 10, signal: controller.signal },
        ).subscribe({ error: () => {} });
        pollUntil(() => false, { interval: 10, timeout: 15, signal: controller.signal }).subscribe({ error: () => {} });
      });
      expect(abortListeners(controller.signal)).toBe(0);
    });
  });

  describe('when the condition fails', () => {
    it('should error with the very error a synchronous throw raised, at once, and stop', () => {
      const testScheduler = createTestScheduler();
      const boom = new Error('boom');
      let recorder!: Recorder;
      const errors: unknown[] = [];
      testScheduler.run(({ expectObservable }) => {
        recorder = recordCalls(testScheduler, (attempt) => {
          if (attempt === 2) throw boom;
          return false;
        });
        const result = pollUntil(recorder.condition, { interval: 10 });
        expectObservable(result.pipe(tap({ error: (e: unknown) => errors.push(e) }))).toBe('20ms #', undefined, boom);
      });
      expect(errors[0]).toBe(boom);
      expect(isInterrupted(errors[0])).toBe(false);
      // calls at 10 and 20, none after the throw
      expect(recorder.calls).toEqual([10, 20]);
    });

    it('should abort the context signal with the error as its reason', () => {
      const testScheduler = createTestScheduler();
      const boom = new Error('boom');
      let recorder!: Recorder;
      testScheduler.run(() => {
        recorder = recordCalls(testScheduler, () => {
          throw boom;
        });
        pollUntil(recorder.condition, { interval: 10 }).subscribe({ error: () => {} });
      });
      expect(recorder.signals[0].aborted).toBe(true);
      expect(recorder.signals[0].reason).toBe(boom);
    });

    it("should error with an Observable condition's own error", () => {
      const testScheduler = createTestScheduler();
      const boom = new Error('observable failed');
      testScheduler.run(({ expectObservable }) => {
        const condition = () =>
          timer(5).pipe(
            map(() => {
              throw boom;
            }),
          );
        expectObservable(pollUntil(condition, { interval: 10 })).toBe('15ms #', undefined, boom);
      });
    });

    it('should not retry a condition error even when the error is retriable elsewhere', () => {
      const testScheduler = createTestScheduler();
      let recorder!: Recorder;
      const conflict = Object.assign(new Error('conflict'), { code: 409 });
      testScheduler.run(({ expectObservable }) => {
        recorder = recordCalls(testScheduler, () => throwError(() => conflict));
        expectObservable(pollUntil(recorder.condition, { interval: 10, immediate: true })).toBe(
          '#',
          undefined,
          conflict,
        );
      });
      expect(recorder.calls).toEqual([0]);
    });

    it('should reject a non-boolean result with a TypeError that says so', () => {
      const testScheduler = createTestScheduler();
      const errors: unknown[] = [];
      testScheduler.run(() => {
        pollUntil((() => undefined) as never, { interval: 10 }).subscribe({ error: (e) => errors.push(e) });
        pollUntil((() => 'yes') as never, { interval: 10 }).subscribe({ error: (e) => errors.push(e) });
        pollUntil((() => of(1)) as never, { interval: 10 }).subscribe({ error: (e) => errors.push(e) });
      });
      expect(errors).toHaveLength(3);
      for (const err of errors) expect(err).toBeInstanceOf(TypeError);
      expect((errors[0] as Error).message).toMatch(/returned undefined.*forgotten `return`/);
      expect((errors[1] as Error).message).toMatch(/returned "yes"/);
      expect((errors[2] as Error).message).toMatch(/returned 1;/);
    });

    it('should reject an Observable that completes without a value', () => {
      const testScheduler = createTestScheduler();
      testScheduler.run(({ expectObservable }) => {
        const empty = () =>
          timer(3).pipe(
            filter(() => false),
            map(() => true),
          );
        expectObservable(pollUntil(empty, { interval: 10 })).toBe(
          '13ms #',
          undefined,
          expect.objectContaining({ name: 'TypeError', message: expect.stringMatching(/completed without a value/) }),
        );
      });
    });
  });

  describe('with an Observable condition', () => {
    it('should take its first value and unsubscribe from it', () => {
      const testScheduler = createTestScheduler();
      testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
        const first = cold('--f--t', { f: false, t: true });
        const second = cold('---t--f', { f: false, t: true });
        const answers = [first, second];
        expectObservable(pollUntil(({ attempt }) => answers[attempt - 1], { interval: 10 })).toBe('23ms (a|)', {
          a: undefined,
        });
        expectSubscriptions(first.subscriptions).toBe('10ms ^-!');
        expectSubscriptions(second.subscriptions).toBe('20ms ^--!');
      });
    });

    it('should never overlap attempts: one that never settles blocks the next until the deadline', () => {
      const testScheduler = createTestScheduler();
      let recorder!: Recorder;
      testScheduler.run(({ expectObservable }) => {
        recorder = recordCalls(testScheduler, () => NEVER);
        expectObservable(pollUntil(recorder.condition, { interval: 10, timeout: 100 })).toBe(
          '100ms #',
          undefined,
          interruptedWith('TimeoutError'),
        );
      });
      expect(recorder.calls).toEqual([10]);
    });
  });

  describe('with a Promise condition', () => {
    it('should settle when the promise resolves, in scheduler time', async () => {
      const scheduler = new VirtualTimeScheduler();
      const events: string[] = [];
      let calls = 0;
      pollUntil(
        async () => {
          calls += 1;
          return calls === 2;
        },
        { interval: 10, scheduler },
      ).subscribe({ next: () => events.push(`next@${scheduler.now()}`), complete: () => events.push('complete') });
      scheduler.flush(); // the call at 10; its promise is pending
      expect(calls).toBe(1);
      await Promise.resolve();
      await Promise.resolve();
      scheduler.flush(); // the call at 20
      await Promise.resolve();
      await Promise.resolve();
      expect(calls).toBe(2);
      expect(events).toEqual(['next@20', 'complete']);
    });

    it("should error with a rejected promise's reason, untouched", async () => {
      const scheduler = new VirtualTimeScheduler();
      const boom = new Error('rejected');
      const errors: unknown[] = [];
      pollUntil(() => Promise.reject(boom), { interval: 10, scheduler }).subscribe({ error: (e) => errors.push(e) });
      scheduler.flush();
      await Promise.resolve();
      await Promise.resolve();
      expect(errors).toEqual([boom]);
      expect(errors[0]).toBe(boom);
    });

    it('should follow an overrunning promise in the same instant, through the scheduler, when it settles after a missed tick', async () => {
      const scheduler = new VirtualTimeScheduler();
      const calls: number[] = [];
      let resolveFirst!: (value: boolean) => void;
      pollUntil(
        () => {
          calls.push(scheduler.now());
          if (calls.length === 1) return new Promise<boolean>((resolve) => (resolveFirst = resolve));
          return calls.length === 3;
        },
        { interval: 10, scheduler },
      ).subscribe();
      scheduler.flush(); // call at 10, pending; nothing else is scheduled
      expect(calls).toEqual([10]);
      scheduler.schedule(() => resolveFirst(false), 25); // now 10 -> settle at 35
      scheduler.flush();
      await Promise.resolve();
      await Promise.resolve();
      // not called from the promise's callback: chained in microtasks, attempts would starve the event loop
      expect(calls).toEqual([10]);
      scheduler.flush();
      expect(calls).toEqual([10, 35, 40]);
    });
  });

  describe('unsubscribe', () => {
    it('should stop the calls, leave nothing scheduled and abort the context signal', () => {
      const testScheduler = createTestScheduler();
      const controller = new AbortController();
      let recorder!: Recorder;
      let counter!: ReturnType<typeof countingScheduler>;
      testScheduler.run(({ expectObservable }) => {
        counter = countingScheduler(testScheduler);
        recorder = recordCalls(testScheduler, () => false);
        const result = pollUntil(recorder.condition, {
          interval: 10,
          signal: controller.signal,
          scheduler: counter.scheduler,
        });
        expectObservable(result, '^-- 24ms !').toBe('');
      });
      expect(recorder.calls).toEqual([10, 20]);
      expect(counter.pending).toBe(0);
      expect(counter.maxPending).toBe(1);
      expect(abortListeners(controller.signal)).toBe(0);
      expect(recorder.signals[0].aborted).toBe(true);
      expect(recorder.signals[0].reason).toMatchObject({ name: 'AbortError' });
    });

    it('should unsubscribe the in-flight Observable attempt', () => {
      const testScheduler = createTestScheduler();
      testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
        const answer = cold('-----f', { f: false });
        expectObservable(
          pollUntil(() => answer, { interval: 10 }),
          '12ms !',
        ).toBe('');
        expectSubscriptions(answer.subscriptions).toBe('10ms ^-!');
      });
    });

    it('should not abort the context signal after success, even when the consumer unsubscribes on the value', () => {
      const testScheduler = createTestScheduler();
      let recorder!: Recorder;
      testScheduler.run(() => {
        recorder = recordCalls(testScheduler, () => true);
        const subscription = pollUntil(recorder.condition, { interval: 10 }).subscribe(() =>
          subscription?.unsubscribe(),
        );
      });
      expect(recorder.signals[0].aborted).toBe(false);
    });

    it('should survive 50,000 ticks of virtual time and an unsubscribe without growing the stack', () => {
      const scheduler = new VirtualTimeScheduler(undefined, 50_000);
      let calls = 0;
      const subscription = pollUntil(
        () => {
          calls += 1;
          return false;
        },
        { interval: 1, scheduler },
      ).subscribe();
      scheduler.flush();
      expect(calls).toBe(50_000);
      expect(() => subscription.unsubscribe()).not.toThrow();
      expect(subscription.closed).toBe(true);
    });
  });

  describe('reuse', () => {
    it('should run each subscription of one configured poll independently', () => {
      const testScheduler = createTestScheduler();
      let recorder!: Recorder;
      testScheduler.run(({ expectObservable }) => {
        recorder = recordCalls(testScheduler, (attempt) => attempt === 2);
        const poll = pollUntil(recorder.condition, { interval: 10, timeout: 100 });
        expectObservable(poll).toBe('20ms (a|)', { a: undefined });
        expectObservable(timer(5).pipe(switchMap(() => poll))).toBe('25ms (a|)', { a: undefined });
      });
      // first subscription calls at 10, 20; the second (from 5) at 15, 25
      expect(recorder.calls).toEqual([10, 15, 20, 25]);
      expect(recorder.contexts.map((c) => c.attempt)).toEqual([1, 1, 2, 2]);
      expect(new Set(recorder.signals).size).toBe(2);
    });

    it('should give each subscription its own deadline, measured from its own subscription', () => {
      const testScheduler = createTestScheduler();
      testScheduler.run(({ expectObservable }) => {
        const poll = pollUntil(() => false, { interval: 10, timeout: 25 });
        expectObservable(poll).toBe('25ms #', undefined, interruptedWith('TimeoutError'));
        expectObservable(timer(7).pipe(switchMap(() => poll))).toBe(
          '32ms #',
          undefined,
          interruptedWith('TimeoutError'),
        );
      });
    });
  });

  it('should use one context signal per subscription, shared by its attempts', () => {
    const testScheduler = createTestScheduler();
    let recorder!: Recorder;
    testScheduler.run(() => {
      recorder = recordCalls(testScheduler, (attempt) => attempt === 3);
      pollUntil(recorder.condition, { interval: 10 }).subscribe();
    });
    expect(recorder.signals).toHaveLength(3);
    expect(recorder.signals[1]).toBe(recorder.signals[0]);
    expect(recorder.signals[2]).toBe(recorder.signals[0]);
  });

  it('should validate at call time, not at subscription', () => {
    expect(() => pollUntil(() => true, { interval: -1 })).toThrow(
      new RangeError('Expected `interval` to be a finite number >= 0, got -1'),
    );
    expect(() => pollUntil(undefined as never, { interval: 1 })).toThrow(TypeError);
  });
});

describe('Observable answers', () => {
  it('should settle once on a synchronous first value and unsubscribe from the rest', () => {
    const testScheduler = createTestScheduler();
    let teardowns = 0;
    let emitted = 0;
    testScheduler.run(({ expectObservable }) => {
      const answer = defer(() => {
        const values = of(false, true, true).pipe(map((v) => (emitted++, v)));
        return values;
      }).pipe((source) => {
        return new (source.constructor as typeof import('rxjs').Observable<boolean>)((subscriber) => {
          const subscription = source.subscribe(subscriber);
          return () => {
            teardowns += 1;
            subscription.unsubscribe();
          };
        });
      });
      expectObservable(pollUntil(() => answer, { interval: 10, timeout: 25 })).toBe(
        '25ms #',
        undefined,
        interruptedWith('TimeoutError'),
      );
    });
    expect(teardowns).toBe(2);
    expect(emitted).toBe(2); // one value per attempt: later values are not pulled
  });

  it('should stop an endless synchronous Observable after its first value', () => {
    function* forever() {
      for (;;) yield false;
    }
    const testScheduler = createTestScheduler();
    testScheduler.run(({ expectObservable }) => {
      expectObservable(pollUntil(() => from(forever()), { interval: 10, timeout: 25 })).toBe(
        '25ms #',
        undefined,
        interruptedWith('TimeoutError'),
      );
    });
  });

  it("should ignore an Observable's error after its first value", () => {
    const testScheduler = createTestScheduler();
    testScheduler.run(({ cold, expectObservable }) => {
      expectObservable(pollImmediate(() => cold('(t#)', { t: true }), { interval: 10 })).toBe('(a|)', {
        a: undefined,
      });
    });
  });
});

describe('fixed-rate ticks in floating point', () => {
  it('should never tick twice in one instant when k * interval rounds below itself (interval 0.7)', () => {
    const scheduler = new VirtualTimeScheduler();
    const calls: number[] = [];
    pollUntil(() => calls.push(scheduler.now()) === 5, { interval: 0.7, scheduler }).subscribe();
    scheduler.flush();
    expect(calls).toEqual([0.7, 1.4, 3 * 0.7, 3 * 0.7 + 0.7, 3.5]);
  });

  it('should poll back to back at interval 0, on the scheduler', () => {
    const testScheduler = createTestScheduler();
    const calls: number[] = [];
    let counter!: ReturnType<typeof countingScheduler>;
    testScheduler.run(({ expectObservable }) => {
      counter = countingScheduler(testScheduler);
      const condition = () => calls.push(testScheduler.now()) === 3;
      expectObservable(pollUntil(condition, { interval: 0, scheduler: counter.scheduler })).toBe('(a|)', {
        a: undefined,
      });
    });
    expect(calls).toEqual([0, 0, 0]);
    expect(counter.scheduled).toBe(3);
  });
});
