// One measurement on real timers, in a fresh process: `node --expose-gc realWorker.mjs
// <figure> <contender> [n]` prints one JSON line { value }. bench/realTimers.mjs runs it.
import { performance } from 'node:perf_hooks';

const [figure, contender, nArg] = process.argv.slice(2);
const n = Number(nArg);
const out = (value) => {
  process.stdout.write(JSON.stringify({ value }) + '\n');
  process.exit(0); // idle waits keep timers alive on purpose
};
const cpu = () => {
  const { user, system } = process.cpuUsage();
  return user + system; // microseconds
};
const gc = () => {
  globalThis.gc();
  globalThis.gc();
};

// ---- CPU per poll attempt, interval 1 ms: n checks, the last one true ------------------
// The same condition for every contender, of the kind the figure names: `sync` returns a
// boolean, `promise` a Promise of one (an async function, as a `fetch` check is),
// `observable` an Observable of one (for the RxJS contenders). Every contender loads its
// modules and runs once (warm-up) before the clock starts.
async function pollWith() {
  if (contender === 'rxjs-wait') {
    const { pollUntil } = await import('rxjs-wait');
    return (check) =>
      new Promise((resolve, reject) =>
        pollUntil(check, { interval: 1, immediate: true }).subscribe({ complete: resolve, error: reject }),
      );
  }
  if (contender === 'rxjs-hand') {
    // what people write by hand: re-subscribe 1 ms after each check, until one says true
    const { defer, first, firstValueFrom, from, isObservable, of, repeat } = await import('rxjs');
    const lift = (result) => (isObservable(result) ? result : typeof result === 'boolean' ? of(result) : from(result));
    return (check) => firstValueFrom(defer(() => lift(check())).pipe(repeat({ delay: 1 }), first(Boolean)));
  }
  if (contender === 'p-wait-for') {
    const { default: pWaitFor } = await import('p-wait-for');
    return (check) => pWaitFor(check, { interval: 1 });
  }
  // the floor: a bare setTimeout chain that awaits the condition only when it must
  return (check) =>
    new Promise((resolve) => {
      const tick = () => {
        const result = check();
        if (typeof result === 'boolean') return result ? resolve() : setTimeout(tick, 1);
        result.then((done) => (done ? resolve() : setTimeout(tick, 1)));
      };
      tick();
    });
}

async function poll(kind) {
  const wait = await pollWith();
  const { of } = await import('rxjs');
  const run = async (times) => {
    let count = 0;
    const check =
      kind === 'sync'
        ? () => ++count >= times
        : kind === 'promise'
          ? async () => ++count >= times
          : () => of(++count >= times);
    await wait(check);
    if (count !== times) throw new Error(`${contender}: ${count} checks, expected ${times}`);
  };
  await run(50);
  const start = cpu();
  await run(n);
  return (cpu() - start) / n;
}

// ---- CPU per retry, delay 1 ms: an async job that fails n times, then succeeds -----------
async function retryWith() {
  if (contender === 'rxjs-wait') {
    const { defer, firstValueFrom } = await import('rxjs');
    const { backoffRetry } = await import('rxjs-wait');
    return (job, times) => firstValueFrom(defer(job).pipe(backoffRetry({ duration: 1, steps: times + 1 })));
  }
  if (contender === 'p-retry') {
    const { default: pRetry } = await import('p-retry');
    return (job, times) => pRetry(job, { retries: times, minTimeout: 1, maxTimeout: 1, factor: 1, randomize: false });
  }
  if (contender === 'cockatiel') {
    const { ConstantBackoff, handleAll, retry: policy } = await import('cockatiel');
    return (job, times) => policy(handleAll, { maxAttempts: times, backoff: new ConstantBackoff(1) }).execute(job);
  }
  return async (job) => {
    for (;;) {
      try {
        return await job();
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    }
  };
}

async function retry() {
  const withRetries = await retryWith();
  const error = new Error('flaky');
  const run = async (times) => {
    let calls = 0;
    const job = async () => {
      if (++calls <= times) throw error;
      return 'ok';
    };
    const value = await withRetries(job, times);
    if (value !== 'ok' || calls !== times + 1) throw new Error(`${contender}: ${calls} calls`);
  };
  await run(50);
  const start = cpu();
  await run(n);
  return (cpu() - start) / n;
}

// ---- heap per idle wait (interval 60 s), n of them -----------------------------------------
async function heap() {
  const keep = [];
  let start;
  // `+signal`: each wait cancellable through one shared AbortSignal, as p-wait-for's are
  const signal = contender.endsWith('+signal') ? new AbortController().signal : undefined;
  if (contender.startsWith('rxjs-wait')) {
    const { pollUntil } = await import('rxjs-wait');
    pollUntil(() => false, { interval: 60_000, signal })
      .subscribe()
      .unsubscribe(); // warm up
    gc();
    start = process.memoryUsage().heapUsed;
    for (let i = 0; i < n; i++) keep.push(pollUntil(() => false, { interval: 60_000, signal }).subscribe());
  } else if (contender === 'rxjs-timer') {
    // RxJS's own floor: one timer Observable subscribed (a Subscriber, its teardown list,
    // an AsyncAction with its bound flush and a Node interval)
    const { timer } = await import('rxjs');
    timer(60_000).subscribe().unsubscribe(); // warm up
    gc();
    start = process.memoryUsage().heapUsed;
    for (let i = 0; i < n; i++) keep.push(timer(60_000).subscribe());
  } else if (contender.startsWith('p-wait-for')) {
    const { default: pWaitFor } = await import('p-wait-for');
    gc();
    start = process.memoryUsage().heapUsed;
    for (let i = 0; i < n; i++) keep.push(pWaitFor(() => false, { interval: 60_000, before: false, signal }));
  } else {
    // the floor: one Node Timeout and one closure per wait
    gc();
    start = process.memoryUsage().heapUsed;
    for (let i = 0; i < n; i++) {
      const state = { checks: 0 };
      keep.push(setTimeout(() => state.checks++, 60_000));
    }
  }
  gc();
  const bytes = (process.memoryUsage().heapUsed - start) / n;
  if (keep.length !== n) throw new Error('lost a wait');
  return bytes;
}

// ---- aborting (or unsubscribing) n waits on one signal: CPU until all have ended -----------
async function abort(unsubscribe) {
  const controller = new AbortController();
  const { signal } = controller;
  let ended = 0;
  let subscriptions = [];
  let promises = [];
  if (contender === 'rxjs-wait') {
    const { pollUntil } = await import('rxjs-wait');
    const onError = () => ended++;
    for (let i = 0; i < n; i++)
      subscriptions.push(pollUntil(() => false, { interval: 60_000, signal }).subscribe({ error: onError }));
  } else {
    const { default: pWaitFor } = await import('p-wait-for');
    for (let i = 0; i < n; i++)
      promises.push(pWaitFor(() => false, { interval: 60_000, before: false, signal }).catch(() => ended++));
  }
  gc();
  const start = cpu();
  if (unsubscribe) {
    for (const s of subscriptions) s.unsubscribe();
    ended = n;
  } else {
    controller.abort();
    await Promise.all(promises);
  }
  const spent = cpu() - start;
  if (ended !== n) throw new Error(`${contender}: ${ended} of ${n} ended`);
  subscriptions = promises = [];
  return spent / 1000; // ms for all n
}

// ---- import cost: ms to import the package, over rxjs already loaded ----------------------
async function importCost() {
  const [format] = contender.split(':').slice(1);
  const name = contender.split(':')[0];
  if (name === 'rxjs-wait') {
    if (format === 'cjs') {
      const { createRequire } = await import('node:module');
      const require = createRequire(import.meta.url);
      require('rxjs');
      const t = performance.now();
      require('rxjs-wait');
      return performance.now() - t;
    }
    await import('rxjs');
    const t = performance.now();
    await import('rxjs-wait');
    return performance.now() - t;
  }
  const t = performance.now();
  await import(name);
  return performance.now() - t;
}

const figures = {
  'poll-sync': () => poll('sync'),
  'poll-promise': () => poll('promise'),
  'poll-observable': () => poll('observable'),
  retry,
  heap,
  abort: () => abort(false),
  unsubscribe: () => abort(true),
  import: importCost,
};
figures[figure]().then(out, (error) => {
  console.error(error);
  process.exit(1);
});
