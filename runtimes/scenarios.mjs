// The scenarios every runtime runs (Node, Bun, Deno, Chromium): the packed package,
// imported by its public names, against the real loopback server of runtimes/run.mjs.
// Only web-platform globals here (fetch, AbortController, performance, setTimeout), so the
// same file runs in a browser page and in each server runtime unchanged.
import { defer, firstValueFrom, from, interval, lastValueFrom, tap, toArray } from 'rxjs';
import {
  backoffRetry,
  interruptOn,
  isCanceled,
  isDeadlineExceeded,
  isInterrupted,
  pollImmediate,
  pollUntil,
  until,
} from 'rxjs-wait';

/** Throws `message` unless `condition` holds. */
export function check(condition, message) {
  if (!condition) throw new Error(message);
}

/** The error an Observable fails with; fails itself when the Observable does not. */
async function failure(observable) {
  try {
    await lastValueFrom(observable);
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, got completion');
}

/** Elapsed ms since `start`, rounded. */
const since = (start) => Math.round(performance.now() - start);

/**
 * Runs every scenario against the server at `base` (`http://127.0.0.1:PORT`). `id` keeps
 * this runtime's server-side counters apart from the others'. Resolves to one row per
 * scenario: `{ name, ok, ms, detail }`; never rejects.
 */
export async function runScenarios(base, id) {
  const at = (path, query) => `${base}${path}?${new URLSearchParams({ id, ...query })}`;

  const scenarios = {
    async 'pollUntil: a real fetch answered 503, 503, then 200'() {
      let calls = 0;
      const start = performance.now();
      await firstValueFrom(
        pollUntil(
          async ({ signal }) => {
            calls += 1;
            const response = await fetch(at('/flaky', { key: 'poll', fail: '2' }), { signal });
            await response.text();
            return response.status === 200;
          },
          { interval: 50, timeout: 10_000 },
        ),
      );
      const ms = since(start);
      check(calls === 3, `3 fetches expected, made ${calls}`);
      // Calls at 50, 100 and 150 ms: never before the third interval.
      check(ms >= 149, `ready after ${ms} ms, before the third interval (150 ms)`);
      return `3 fetches, ready at ${ms} ms`;
    },

    async 'timeout: a hung fetch is aborted at the deadline'() {
      const start = performance.now();
      const error = await failure(
        pollImmediate(({ signal }) => fetch(at('/hang', { key: 'deadline' }), { signal }).then((r) => r.ok), {
          interval: 20,
          timeout: 150,
        }),
      );
      const ms = since(start);
      check(isDeadlineExceeded(error), `isDeadlineExceeded: ${String(error)}`);
      check(isInterrupted(error), 'isInterrupted');
      check(error.cause?.name === 'TimeoutError', `cause is ${error.cause?.name}, not TimeoutError`);
      check(ms >= 149 && ms < 2000, `deadline seen at ${ms} ms, not at 150`);
      // The abort reached the network: the server sees the hung request's connection close.
      await firstValueFrom(
        pollImmediate(async () => (await (await fetch(at('/stats', { key: 'deadline' }))).json()).closed === 1, {
          interval: 10,
          timeout: 5000,
        }),
      );
      return `TimeoutError at ${ms} ms; the server saw the request closed`;
    },

    async 'signal: an abort is a cancellation, with the reason as cause'() {
      const controller = new AbortController();
      const reason = new DOMException('deploy cancelled', 'AbortError');
      setTimeout(() => controller.abort(reason), 250);
      let calls = 0;
      const error = await failure(pollUntil(() => (calls += 1) < 0, { interval: 100, signal: controller.signal }));
      check(isCanceled(error), `isCanceled: ${String(error)}`);
      check(error.cause === reason, 'cause is the abort reason');
      check(calls === 2, `2 calls (100, 200 ms) before the abort at 250, made ${calls}`);
      return 'isCanceled, cause === reason, 2 calls';
    },

    async 'backoffRetry: a failing fetch resubscribed until it answers 200'() {
      let subscriptions = 0;
      const start = performance.now();
      const body = await firstValueFrom(
        defer(() => {
          subscriptions += 1;
          return from(
            fetch(at('/flaky', { key: 'retry', fail: '2' })).then(async (response) => {
              if (!response.ok) throw new Error(`HTTP ${response.status}`);
              return response.text();
            }),
          );
        }).pipe(backoffRetry({ duration: 40, factor: 2, steps: 5 })),
      );
      const ms = since(start);
      check(body === 'ok', `body ${body}`);
      check(subscriptions === 3, `3 subscriptions expected, made ${subscriptions}`);
      // Delays of 40 then 80 ms between the three tries.
      check(ms >= 119, `done at ${ms} ms, before the two delays (120 ms) had passed`);
      return `3 tries, delays 40 + 80 ms, done at ${ms} ms`;
    },

    async 'interruptOn: an interval interrupted by a signal'() {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 250);
      const seen = [];
      const error = await failure(
        interval(100).pipe(
          interruptOn(controller.signal),
          tap((n) => seen.push(n)),
        ),
      );
      check(isInterrupted(error) && isCanceled(error), `isCanceled: ${String(error)}`);
      check(seen.join() === '0,1', `values ${seen.join()}, expected 0,1`);
      return 'values 0, 1, then InterruptedError (canceled)';
    },

    async 'until: a periodic job that completes on abort'() {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 250);
      const runs = await lastValueFrom(
        until(({ attempt }) => attempt, { period: 100, signal: controller.signal }).pipe(toArray()),
      );
      check(runs.join() === '1,2,3', `runs ${runs.join()}, expected 1,2,3 (at 0, 100, 200 ms)`);
      return 'runs 1, 2, 3, then complete';
    },
  };

  return runRows(scenarios);
}

/**
 * Runs named scenarios one after another: a row `{ name, ok, ms, detail }` each, where
 * `detail` is what the scenario returned or the error it threw. Never rejects.
 */
export async function runRows(scenarios) {
  const rows = [];
  for (const [name, scenario] of Object.entries(scenarios)) {
    const start = performance.now();
    try {
      const detail = await scenario();
      rows.push({ name, ok: true, ms: since(start), detail });
    } catch (error) {
      rows.push({ name, ok: false, ms: since(start), detail: String(error?.stack ?? error) });
    }
  }
  return rows;
}
