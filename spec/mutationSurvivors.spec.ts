/**
 * Holes a mutation run found (issue 28): each spec here fails on the mutant named in its
 * title, where every other spec passed.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { defer, firstValueFrom, of, Subscriber } from 'rxjs';
import { exponentialBackoff, pollImmediate, pollUntil, stepBackoff, until } from '../src';
import { abortListeners, createTestScheduler } from './helpers';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** A macrotask later, after a full collection: has `ref`'s object gone? */
async function collected(ref: WeakRef<object>): Promise<boolean> {
  for (let i = 0; i < 3; i++) {
    await new Promise((done) => setImmediate(done));
    gc();
  }
  return ref.deref() === undefined;
}

describe('what mutation testing found untested', () => {
  it('should do nothing for a subscriber that has already closed: no call, no listener left (begin() guard)', () => {
    const controller = new AbortController();
    let calls = 0;
    const wait = pollImmediate(() => (calls++, false), { interval: 10, signal: controller.signal });
    const closed = new Subscriber<void>();
    closed.unsubscribe();
    wait.subscribe(closed);
    expect(calls).toBe(0);
    expect(abortListeners(controller.signal)).toBe(0);
  });

  it('should schedule a fresh action per tick on a virtual scheduler, never reuse one (reusable())', () => {
    const testScheduler = createTestScheduler();
    testScheduler.run(() => {
      const schedule = jest.spyOn(testScheduler, 'schedule');
      let calls = 0;
      pollUntil(() => ++calls === 100, { interval: 10, scheduler: testScheduler }).subscribe();
      testScheduler.flush();
      expect(calls).toBe(100);
      // one action per tick: a reused VirtualAction would chain a child per tick instead
      expect(schedule).toHaveBeenCalledTimes(100);
    });
  });

  it('should take null as a value, not a thenable (isThenable guard)', () => {
    const testScheduler = createTestScheduler();
    testScheduler.run(({ expectObservable }) => {
      const runs = until(() => null, { period: 10, timeout: 25, scheduler: testScheduler });
      expectObservable(runs).toBe('n 9ms n 9ms n 4ms |', { n: null });
    });
    let error: unknown;
    pollImmediate(() => null as never, { interval: 10 }).subscribe({ error: (e: unknown) => (error = e) });
    expect(error).toEqual(
      new TypeError(
        'The condition returned null; expected a boolean, a Promise of a boolean or an Observable of booleans (a forgotten `return`?)',
      ),
    );
  });

  it('should not subscribe an attempt’s Observable once the wait has ended while the condition ran', () => {
    const controller = new AbortController();
    let subscribed = 0;
    const reason = new Error('stop');
    let error: unknown;
    pollImmediate(
      () => {
        controller.abort(reason); // ends the wait before the Observable is returned
        return defer(() => (subscribed++, of(true)));
      },
      { interval: 10, signal: controller.signal },
    ).subscribe({ error: (e: unknown) => (error = e) });
    expect(subscribed).toBe(0);
    expect((error as { cause?: unknown }).cause).toBe(reason);
  });

  it('should let go of a finished wait: nothing module-level keeps it after its last tick (firing state cleared)', async () => {
    let ref!: WeakRef<object>;
    await (async () => {
      const marker = {};
      ref = new WeakRef(marker);
      let calls = 0;
      // the condition holds the marker; the loop holds the condition
      await firstValueFrom(pollUntil(() => (void marker, ++calls === 2), { interval: 1 }));
    })();
    expect(await collected(ref)).toBe(true);
  });

  it('should say what a jitter must be', () => {
    expect(() => stepBackoff({ duration: 10, jitter: NaN })).toThrow(
      new RangeError('Expected `jitter` to be a finite number (<= 0: none), got NaN'),
    );
    expect(() => exponentialBackoff(() => true, { duration: 10, steps: 2, jitter: Infinity })).toThrow(
      new RangeError('Expected `jitter` to be a finite number (<= 0: none), got Infinity'),
    );
    expect(() => until(() => 1, { period: 10, jitterFactor: '1' as never })).toThrow(
      new TypeError('Expected `jitterFactor` to be a finite number (<= 0: none), got "1"'),
    );
  });
});
