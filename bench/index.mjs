// npm run bench: rxjs-wait against hand-written RxJS and backoff-rxjs, measured side by
// side in one run. Every figure is a ratio against a baseline from the same run, so a
// noisy machine cancels out. Writes bench/results.json.
//
// Needs the build (npm run bench does it) and node --expose-gc (for case 3).
import { getEventListeners } from 'node:events';
import { writeFileSync } from 'node:fs';
import {
  VirtualTimeScheduler,
  asyncScheduler,
  defer,
  exhaustMap,
  first,
  fromEvent,
  of,
  repeat,
  retry,
  takeUntil,
  throwError,
  timeout,
  timer,
} from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { Bench } from 'tinybench';
import { retryBackoff } from 'backoff-rxjs';
import { backoffRetry, pollUntil } from 'rxjs-wait';

const quick = process.argv.includes('--quick');
const TIME = quick ? 200 : 1500; // ms of sampling per task
const ATTEMPTS = 20_000; // case 1: poll attempts per run
const RETRIES = 2_000; // case 2: retries per run
const IDLE_WAITS = 10_000; // case 3
const SETUPS = 100_000; // case 5

if (typeof globalThis.gc !== 'function') {
  console.error('bench: run with node --expose-gc (npm run bench does)');
  process.exit(2);
}

/** Runs the tasks of one case in one Bench; returns median ms per run for each. */
async function measure(tasks) {
  const bench = new Bench({ time: TIME, warmupTime: quick ? 50 : 300, iterations: 5 });
  for (const [name, fn] of Object.entries(tasks)) bench.add(name, fn);
  await bench.run();
  const out = {};
  for (const task of bench.tasks) out[task.name] = task.result.latency.p50;
  return out;
}

const results = { node: process.version, quick, cases: {} };
const table = [];
const row = (caseName, task, value, unit, ratio) => ({
  case: caseName,
  task,
  value,
  unit,
  'ratio to baseline': ratio === undefined ? '' : ratio.toFixed(2),
});
function report(caseName, medians, baselineName, unitDivisor, unit) {
  const base = medians[baselineName];
  results.cases[caseName] = { baseline: baselineName, unit, tasks: {} };
  for (const [name, ms] of Object.entries(medians)) {
    const per = (ms * 1e6) / unitDivisor; // ns per unit
    results.cases[caseName].tasks[name] = { medianMs: ms, nsPerUnit: per, ratio: ms / base };
    table.push(row(caseName, name, per.toFixed(0), `ns/${unit}`, ms / base));
  }
}

// ---- case 1: CPU per poll attempt, virtual time ----------------------------------------
function pollCase(observableCondition) {
  const check = (scheduler, n) => () => {
    n.count += 1;
    return n.count >= ATTEMPTS;
  };
  const run = (build) => () => {
    const scheduler = new VirtualTimeScheduler(undefined, Infinity);
    const n = { count: 0 };
    build(scheduler, check(scheduler, n)).subscribe();
    scheduler.flush();
    if (n.count !== ATTEMPTS) throw new Error(`expected ${ATTEMPTS} attempts, got ${n.count}`);
  };
  const asObservable = (f) => () => of(f());
  return {
    'timer+exhaustMap': run((scheduler, f) =>
      timer(0, 1, scheduler).pipe(
        exhaustMap(asObservable(f)),
        first((done) => done),
      ),
    ),
    'defer+repeat': run((scheduler, f) =>
      defer(asObservable(f)).pipe(
        repeat({ delay: () => timer(1, scheduler) }),
        first((done) => done),
      ),
    ),
    pollUntil: run((scheduler, f) =>
      pollUntil(observableCondition ? asObservable(f) : f, { interval: 1, immediate: true, scheduler }),
    ),
  };
}

// ---- case 2: CPU per retry, virtual time (TestScheduler.run virtualises every timer) -----
function retryCase() {
  const error = new Error('flaky');
  const run = (operator) => () => {
    const testScheduler = new TestScheduler(() => {});
    let subscriptions = 0;
    let value;
    testScheduler.run(() => {
      defer(() => (++subscriptions <= RETRIES ? throwError(() => error) : of('ok')))
        .pipe(operator)
        .subscribe((v) => (value = v));
    });
    if (value !== 'ok' || subscriptions !== RETRIES + 1) throw new Error(`retry case went wrong: ${subscriptions}`);
  };
  const delayFor = (i) => Math.min(1000, 2 ** (i - 1)); // 1, 2, 4, ... capped at 1 s
  return {
    'rxjs retry({ delay })': run(retry({ count: RETRIES, delay: (_e, i) => timer(delayFor(i)) })),
    'backoff-rxjs retryBackoff': run(retryBackoff({ initialInterval: 1, maxInterval: 1000, maxRetries: RETRIES })),
    backoffRetry: run(backoffRetry({ duration: 1, factor: 2, cap: 1000, steps: RETRIES + 1 })),
  };
}

// ---- case 3: heap bytes per idle wait, real scheduler -------------------------------------
function heapPerWait(build) {
  globalThis.gc();
  globalThis.gc();
  const before = process.memoryUsage().heapUsed;
  const subscriptions = [];
  for (let i = 0; i < IDLE_WAITS; i++) subscriptions.push(build().subscribe());
  globalThis.gc();
  globalThis.gc();
  const after = process.memoryUsage().heapUsed;
  for (const s of subscriptions) s.unsubscribe();
  return (after - before) / IDLE_WAITS;
}

// ---- case 4: scheduled actions per wait ----------------------------------------------------
function countingScheduler(inner) {
  const pending = new Set();
  const stats = { scheduled: 0, maxPending: 0 };
  const scheduler = {
    now: () => inner.now(),
    schedule(work, delay, state) {
      stats.scheduled += 1;
      const subscription = inner.schedule(
        function (s) {
          pending.delete(subscription);
          work.call(this, s);
        },
        delay,
        state,
      );
      pending.add(subscription);
      subscription.add(() => pending.delete(subscription));
      stats.maxPending = Math.max(stats.maxPending, pending.size);
      return subscription;
    },
  };
  return { scheduler, stats };
}

function actionsPerWait(build) {
  const virtual = new VirtualTimeScheduler();
  const { scheduler, stats } = countingScheduler(virtual);
  let calls = 0;
  const check = () => ++calls === 50;
  build(scheduler, check).subscribe({ error: () => {} });
  virtual.flush();
  return { maxPending: stats.maxPending, scheduledPerAttempt: stats.scheduled / calls };
}

// ---- case 5: setup and teardown with a user AbortSignal ----------------------------------
function setupCase() {
  const controller = new AbortController();
  const signal = controller.signal;
  const never = () => false;
  const churn = (build) => () => {
    for (let i = 0; i < SETUPS; i++) build().subscribe().unsubscribe();
  };
  return {
    tasks: {
      'timer+exhaustMap+takeUntil(abort)': churn(() =>
        timer(3_600_000, 3_600_000).pipe(
          exhaustMap(() => of(never())),
          first((done) => done),
          takeUntil(fromEvent(signal, 'abort')),
        ),
      ),
      pollUntil: churn(() => pollUntil(never, { interval: 3_600_000, signal })),
    },
    listenersLeft: () => getEventListeners(signal, 'abort').length,
  };
}

console.log(`bench: node ${process.version}${quick ? ' (quick)' : ''}`);

for (const [label, observable] of [
  ['1. poll attempt, sync condition', false],
  ['1. poll attempt, Observable condition', true],
]) {
  const medians = await measure(pollCase(observable));
  const fastest = medians['timer+exhaustMap'] < medians['defer+repeat'] ? 'timer+exhaustMap' : 'defer+repeat';
  report(label, medians, fastest, ATTEMPTS, 'attempt');
}

{
  const medians = await measure(retryCase());
  report('2. retry', medians, 'rxjs retry({ delay })', RETRIES, 'retry');
  results.cases['2. retry'].vsBackoffRxjs = medians.backoffRetry / medians['backoff-rxjs retryBackoff'];
}

{
  const handWritten = heapPerWait(() =>
    timer(3_600_000, 3_600_000, asyncScheduler).pipe(
      exhaustMap(() => of(false)),
      first((done) => done),
    ),
  );
  const ours = heapPerWait(() => pollUntil(() => false, { interval: 3_600_000 }));
  results.cases['3. heap per idle wait'] = {
    baseline: 'timer+exhaustMap',
    handWrittenBytes: handWritten,
    pollUntilBytes: ours,
    ratio: ours / handWritten,
  };
  table.push(row('3. heap per idle wait', 'timer+exhaustMap', handWritten.toFixed(0), 'bytes/wait', 1));
  table.push(row('3. heap per idle wait', 'pollUntil', ours.toFixed(0), 'bytes/wait', ours / handWritten));
}

{
  const handWritten = actionsPerWait((scheduler, check) =>
    timer(0, 10, scheduler).pipe(
      exhaustMap(() => of(check())),
      first((done) => done),
      timeout({ first: 10_000, scheduler }),
    ),
  );
  const ours = actionsPerWait((scheduler, check) =>
    pollUntil(check, { interval: 10, timeout: 10_000, immediate: true, scheduler }),
  );
  results.cases['4. scheduled actions per wait'] = { handWritten, pollUntil: ours };
  const label = '4. scheduled actions per wait';
  table.push(row(label, 'timer+exhaustMap+timeout', String(handWritten.maxPending), 'pending at once', 1));
  table.push(
    row(label, 'pollUntil', String(ours.maxPending), 'pending at once', ours.maxPending / handWritten.maxPending),
  );
}

{
  const { tasks, listenersLeft } = setupCase();
  const medians = await measure(tasks);
  report('5. subscribe+unsubscribe with signal', medians, 'timer+exhaustMap+takeUntil(abort)', SETUPS, 'wait');
  results.cases['5. subscribe+unsubscribe with signal'].listenersLeft = listenersLeft();
  table.push(row('5. listeners left afterwards', 'pollUntil', String(listenersLeft()), 'listeners'));
}

console.table(table);
writeFileSync(new URL('./results.json', import.meta.url), JSON.stringify(results, null, 2) + '\n');
console.log('bench: wrote bench/results.json');
