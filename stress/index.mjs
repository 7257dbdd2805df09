// npm run stress: 100,000 concurrent waits on the real scheduler, with random aborts and
// unsubscribes. Checks that every wait ends exactly once (or is unsubscribed), that no
// listener stays on any signal, that the heap comes back to within 10% of where it
// started after a GC, and that no timer is left, so the process exits by itself.
//
// The same round runs twice and the heap is measured around the second: the first brings
// Node's own tables to their high-water marks (Node 20 keeps a bounded table for every
// DOMException alive at once, about 1 MB after 100,000 deadlines; it does not grow after),
// so what the second round leaves behind is what the waits leak.
import { getEventListeners } from 'node:events';
import { map, timer } from 'rxjs';
import { backoffRetry, exponentialBackoff, isInterrupted, pollImmediate, pollUntil, until } from 'rxjs-wait';
import { defer, throwError } from 'rxjs';

const WAITS = Number(process.env.STRESS_WAITS ?? 100_000);
const SIGNALS = 200;

if (typeof globalThis.gc !== 'function') {
  console.error('stress: run with node --expose-gc (npm run stress does)');
  process.exit(2);
}

// A small seeded generator, so a run can be repeated.
let seed = Number(process.env.STRESS_SEED ?? 42);
const random = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
const pick = (n) => Math.floor(random() * n);

const heap = () => {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
};

async function round() {
  const started = Date.now();
  const controllers = Array.from({ length: SIGNALS }, () => new AbortController());
  const outcomes = { interrupted: 0, failed: 0, completed: 0, unsubscribed: 0, doubleEndings: 0 };
  let open = 0;

  const condition = () => {
    const kind = pick(10);
    if (kind < 6) return pick(40) === 0; // sync, rarely true
    if (kind < 8) return new Promise((resolve) => setTimeout(() => resolve(pick(8) === 0), pick(20)));
    if (kind < 9) return timer(pick(20)).pipe(map(() => pick(8) === 0));
    if (pick(20) === 0) throw new Error('condition failed');
    return false;
  };

  const build = (signal) => {
    const timeout = 50 + pick(1500);
    switch (pick(5)) {
      case 0:
        return pollUntil(condition, { interval: 5 + pick(50), timeout, signal, sliding: pick(2) === 0 });
      case 1:
        return pollImmediate(condition, { interval: 5 + pick(50), timeout, signal });
      case 2:
        return exponentialBackoff(condition, {
          duration: 5 + pick(20),
          factor: 2,
          cap: 200,
          steps: 1 + pick(8),
          timeout,
          signal,
        });
      case 3:
        return defer(() => (pick(4) === 0 ? [1] : throwError(() => new Error('flaky')))).pipe(
          backoffRetry({ duration: 5 + pick(20), factor: 2, jitter: 0.2, steps: 1 + pick(6), timeout, signal }),
        );
      default:
        return until(() => pick(10), { period: 10 + pick(50), jitterFactor: 0.1, timeout, signal });
    }
  };

  await new Promise((resolve) => {
    const finishOne = () => {
      open -= 1;
      if (open === 0) resolve();
    };
    for (let i = 0; i < WAITS; i++) {
      open += 1;
      let ended = false;
      const end = (kind) => {
        if (ended) {
          outcomes.doubleEndings += 1;
          return;
        }
        ended = true;
        outcomes[kind] += 1;
        finishOne();
      };
      const signal = controllers[pick(SIGNALS)].signal;
      const subscription = build(signal).subscribe({
        error: (error) => end(isInterrupted(error) ? 'interrupted' : 'failed'),
        complete: () => end('completed'),
      });
      if (pick(10) === 0) {
        setTimeout(() => {
          if (!ended) {
            subscription.unsubscribe();
            end('unsubscribed');
          }
        }, pick(1000));
      }
    }
    for (const controller of controllers) if (pick(3) === 0) setTimeout(() => controller.abort(), pick(1500));
  });

  const elapsed = Date.now() - started;
  const listeners = controllers.reduce((sum, c) => sum + getEventListeners(c.signal, 'abort').length, 0);
  await new Promise((resolve) => setTimeout(resolve, 50)); // let late promise conditions settle
  return { outcomes, elapsed, listeners };
}

async function main() {
  console.log(`stress: warm-up round of ${WAITS} waits`);
  await round();
  const heapBefore = heap();
  const { outcomes, elapsed, listeners } = await round();
  const heapAfter = heap();
  const growth = (heapAfter - heapBefore) / heapBefore;
  const timersLeft = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

  console.log(`stress: ${WAITS} waits ended in ${elapsed} ms`);
  console.table({ ...outcomes });
  console.log(`listeners left on signals: ${listeners}`);
  console.log(
    `heap before ${(heapBefore / 1e6).toFixed(1)} MB, after ${(heapAfter / 1e6).toFixed(1)} MB (${(growth * 100).toFixed(1)}%)`,
  );
  console.log(`timers left: ${timersLeft}`);

  const problems = [];
  const ended = outcomes.interrupted + outcomes.failed + outcomes.completed + outcomes.unsubscribed;
  if (ended !== WAITS) problems.push(`${WAITS - ended} waits never ended`);
  if (outcomes.doubleEndings > 0) problems.push(`${outcomes.doubleEndings} waits ended twice`);
  if (listeners > 0) problems.push(`${listeners} listeners left`);
  if (growth > 0.1) problems.push(`heap grew by ${(growth * 100).toFixed(1)}%`);
  if (timersLeft > 0) problems.push(`${timersLeft} timers left`);
  if (problems.length > 0) {
    console.error(`stress: FAILED: ${problems.join('; ')}`);
    process.exitCode = 1;
  } else {
    console.log('stress: ok (the process now exits by itself)');
  }
}

await main();
