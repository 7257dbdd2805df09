/**
 * The event-loop cases virtual time cannot show, on real timers: with a zero delay and an
 * async result, a wait must still yield to the event loop between attempts, so that a
 * timer (the one that makes the condition true, or aborts the wait) gets to run. Before,
 * the next attempt ran in the previous one's promise callback: about a million calls in a
 * second, the 10 ms timer never ran, and without a timeout the process spun forever.
 *
 * Short (tens of ms) and asserting outcomes and bounds, not timings.
 */
import { defer, firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { backoffRetry, exponentialBackoff, isCanceled, pollUntil, until } from '../src';

/** `ready` turns true after `ms` on a real timer. */
function readyAfter(ms: number) {
  const state = { ready: false, calls: 0 };
  setTimeout(() => (state.ready = true), ms);
  return state;
}

describe('zero delays on real timers', () => {
  it('pollUntil with interval 0 and an async condition lets a 10 ms timer run', async () => {
    const state = readyAfter(10);
    await firstValueFrom(
      pollUntil(
        async () => {
          state.calls++;
          return state.ready;
        },
        { interval: 0, timeout: 1000 },
      ),
      { defaultValue: 'completed' },
    );
    expect(state.ready).toBe(true);
    expect(state.calls).toBeLessThan(1000);
  });

  it('exponentialBackoff with duration 0 and an async condition lets a 10 ms timer run', async () => {
    const state = readyAfter(10);
    await lastValueFrom(
      exponentialBackoff(
        async () => {
          state.calls++;
          return state.ready;
        },
        { duration: 0, steps: 1_000_000, timeout: 1000 },
      ),
      { defaultValue: 'completed' },
    );
    expect(state.ready).toBe(true);
    expect(state.calls).toBeLessThan(1000);
  });

  it.each([
    ['duration 0', { duration: 0 }],
    ['retryAfter returning 0', { duration: 5000, retryAfter: () => 0 }],
  ])('backoffRetry with %s and an async source lets a 10 ms timer run', async (_name, delays) => {
    const state = readyAfter(10);
    const source = defer(async () => {
      state.calls++;
      if (!state.ready) throw new Error('not yet');
      return 'ok';
    });
    const value = await firstValueFrom(source.pipe(backoffRetry({ ...delays, steps: 1_000_000, timeout: 1000 })));
    expect(value).toBe('ok');
    expect(state.calls).toBeLessThan(1000);
  });

  it('until with period 0 and an async job can be stopped by a 10 ms abort', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 10);
    const runs = await lastValueFrom(
      until(async ({ attempt }) => attempt, { period: 0, signal: controller.signal }).pipe(toArray()),
    );
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.length).toBeLessThan(1000);
    expect(runs).toEqual(runs.map((_, i) => i + 1));
  });

  it('pollUntil with interval 0, an async condition and no timeout can be aborted', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 10);
    let calls = 0;
    const error = await firstValueFrom(
      pollUntil(
        async () => {
          calls++;
          return false;
        },
        { interval: 0, signal: controller.signal },
      ),
    ).catch((e: unknown) => e);
    expect(isCanceled(error)).toBe(true);
    expect(calls).toBeLessThan(1000);
  });
});
