import { VirtualTimeScheduler, map, timer } from 'rxjs';
import { pollImmediate } from '../src';
import type { Recorder } from './helpers';
import { abortListeners, countingScheduler, createTestScheduler, interruptedWith, recordCalls } from './helpers';

describe('pollImmediate', () => {
  it('should call at subscription and succeed in that instant when the condition is true at once', () => {
    const testScheduler = createTestScheduler();
    let recorder!: Recorder;
    testScheduler.run(({ expectObservable }) => {
      recorder = recordCalls(testScheduler, () => true);
      expectObservable(pollImmediate(recorder.condition, { interval: 10 })).toBe('(a|)', { a: undefined });
    });
    expect(recorder.calls).toEqual([0]);
  });

  it('should call exactly once with timeout 0, never twice back to back', () => {
    const testScheduler = createTestScheduler();
    let recorder!: Recorder;
    testScheduler.run(({ expectObservable }) => {
      recorder = recordCalls(testScheduler, () => false);
      expectObservable(pollImmediate(recorder.condition, { interval: 0, timeout: 0 })).toBe(
        '#',
        undefined,
        interruptedWith('TimeoutError'),
      );
    });
    expect(recorder.calls).toEqual([0]);
  });

  it('should ignore an `immediate: false` smuggled in from JavaScript', () => {
    const testScheduler = createTestScheduler();
    let recorder!: Recorder;
    testScheduler.run(({ expectObservable }) => {
      recorder = recordCalls(testScheduler, () => true);
      const options = { interval: 10, immediate: false } as { interval: number };
      expectObservable(pollImmediate(recorder.condition, options)).toBe('(a|)', { a: undefined });
    });
    expect(recorder.calls).toEqual([0]);
  });

  it('should keep a fixed rate after a slow first call (sliding: false)', () => {
    const testScheduler = createTestScheduler();
    let recorder!: Recorder;
    testScheduler.run(({ expectObservable }) => {
      recorder = recordCalls(testScheduler, (attempt) =>
        attempt === 1 ? timer(15).pipe(map(() => false)) : attempt === 3,
      );
      expectObservable(pollImmediate(recorder.condition, { interval: 10 })).toBe('20ms (a|)', { a: undefined });
    });
    expect(recorder.calls).toEqual([0, 15, 20]);
  });

  it('should restart the interval after each call when sliding', () => {
    const testScheduler = createTestScheduler();
    let recorder!: Recorder;
    testScheduler.run(({ expectObservable }) => {
      recorder = recordCalls(testScheduler, (attempt) =>
        attempt === 1 ? timer(15).pipe(map(() => false)) : attempt === 3,
      );
      expectObservable(pollImmediate(recorder.condition, { interval: 10, sliding: true })).toBe('35ms (a|)', {
        a: undefined,
      });
    });
    expect(recorder.calls).toEqual([0, 25, 35]);
  });

  it('should stop on unsubscribe with nothing scheduled and no listener left', () => {
    const testScheduler = createTestScheduler();
    const controller = new AbortController();
    let recorder!: Recorder;
    let counter!: ReturnType<typeof countingScheduler>;
    testScheduler.run(({ expectObservable }) => {
      counter = countingScheduler(testScheduler);
      recorder = recordCalls(testScheduler, () => false);
      const poll = pollImmediate(recorder.condition, {
        interval: 10,
        signal: controller.signal,
        scheduler: counter.scheduler,
      });
      expectObservable(poll, '15ms !').toBe('');
    });
    expect(recorder.calls).toEqual([0, 10]);
    expect(counter.pending).toBe(0);
    expect(abortListeners(controller.signal)).toBe(0);
    expect(recorder.signals[0].aborted).toBe(true);
  });

  it('should validate at call time and name pollImmediate for a missing options object', () => {
    expect(() => pollImmediate(() => true, undefined as never)).toThrow(/options of `pollImmediate`/);
    expect(() => pollImmediate(() => true, { interval: NaN })).toThrow(RangeError);
  });
});

describe('a thenable whose then throws', () => {
  it('should fail the wait with what then threw', () => {
    // outside TestScheduler.run, where a thenable is refused at once (it cannot settle there)
    const testScheduler = createTestScheduler();
    const thrown = new Error('then broke');
    const thenable = {
      then() {
        throw thrown;
      },
    };
    let error: unknown;
    pollImmediate((() => thenable) as never, { interval: 10, scheduler: testScheduler }).subscribe({
      error: (e: unknown) => (error = e),
    });
    expect(error).toBe(thrown);
  });

  it('should treat an object whose then is not a function as a plain (non-boolean) result', () => {
    const testScheduler = createTestScheduler();
    testScheduler.run(({ expectObservable }) => {
      expectObservable(pollImmediate((() => ({ then: 1 })) as never, { interval: 10 })).toBe(
        '#',
        undefined,
        expect.objectContaining({ name: 'TypeError', message: expect.stringContaining('returned an object') }),
      );
    });
  });

  it('should accept a thenable function (a callable with a then method)', async () => {
    const scheduler = new VirtualTimeScheduler();
    const done: string[] = [];
    const callable = Object.assign(() => undefined, {
      then: (resolve: (v: boolean) => void) => resolve(true),
    });
    pollImmediate((() => callable) as never, { interval: 10, scheduler }).subscribe({
      complete: () => done.push('ok'),
    });
    await Promise.resolve();
    expect(done).toEqual(['ok']);
  });
});
