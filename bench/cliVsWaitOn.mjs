// npm run bench:cli: the rxjs-wait CLI beside wait-on (a dev dependency) on the same real
// scenarios: an HTTP service that answers 503 for a while and then 200, a TCP port that
// opens late, a file that appears late, and each already ready (start-up cost). Both
// check every 250 ms (wait-on's default). Each run is a fresh process; runs interleave.
// Reported: the median of 5 runs of the time from the resource turning ready to the
// tool's exit ("lag"; about half an interval is the phase, the rest start-up and exit),
// and of the whole run for the already-ready case (start-up, one check, exit).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const ROUNDS = 5;
// ms until the resource turns ready: stepped across one 250 ms interval over the rounds,
// so that where the checks fall relative to the change averages out
const readyAfter = (round) => 1000 + round * (250 / ROUNDS);
const CLI = fileURLToPath(new URL('../dist/cjs/cli/main.js', import.meta.url));
const WAIT_ON = fileURLToPath(new URL('../node_modules/wait-on/bin/wait-on', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'rxjs-wait-vs-wait-on-'));

const tools = {
  'rxjs-wait': (resource) => [CLI, '-q', '--interval', '250ms', '--timeout', '20s', resource],
  'wait-on': (resource) => [WAIT_ON, '-i', '250', '-t', '20000', resource.replace(/^http:/, 'http-get:')],
};

/** Runs one tool; resolves with { ms, code } from spawn to exit. */
function run(args) {
  return new Promise((resolve) => {
    const start = performance.now();
    const child = spawn(process.execPath, args, { stdio: 'ignore' });
    child.on('exit', (code) => resolve({ code, end: performance.now(), start }));
  });
}

/** Each scenario prepares a resource and returns [target, makeReady, cleanup]. */
const scenarios = {
  'HTTP 503 then 200': async () => {
    let ready = false;
    const server = createServer((_req, res) => res.writeHead(ready ? 200 : 503).end());
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    return [`http://127.0.0.1:${server.address().port}/health`, () => (ready = true), () => server.close()];
  },
  'TCP port opens late': async () => {
    const probe = createTcpServer();
    await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = probe.address().port;
    await new Promise((resolve) => probe.close(resolve));
    const server = createTcpServer((socket) => socket.end());
    return [`tcp:127.0.0.1:${port}`, () => server.listen(port, '127.0.0.1'), () => server.close()];
  },
  'file appears late': async (i) => {
    const path = join(dir, `flag-${i}-${Math.random()}`);
    return [`file:${path}`, () => writeFileSync(path, 'x'), () => rmSync(path, { force: true })];
  },
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
try {
  for (const [name, setup] of Object.entries(scenarios)) {
    const lags = { 'rxjs-wait': [], 'wait-on': [] };
    const whole = { 'rxjs-wait': [], 'wait-on': [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const tool of Object.keys(tools)) {
        // late: ready after READY_AFTER ms
        const [target, makeReady, cleanup] = await setup(round);
        let readyAt = 0;
        const timer = setTimeout(() => ((readyAt = performance.now()), makeReady()), readyAfter(round));
        const late = await run(tools[tool](target));
        clearTimeout(timer);
        cleanup();
        if (late.code !== 0) throw new Error(`${tool} exited ${late.code} on ${name}`);
        lags[tool].push(late.end - readyAt);
        // already ready: start-up and first check
        const [target2, makeReady2, cleanup2] = await setup(round + 100);
        makeReady2();
        await new Promise((resolve) => setTimeout(resolve, 20));
        const now = await run(tools[tool](target2));
        cleanup2();
        if (now.code !== 0) throw new Error(`${tool} exited ${now.code} on ${name} (ready)`);
        whole[tool].push(now.end - now.start);
      }
    }
    for (const tool of Object.keys(tools)) {
      rows.push({
        scenario: name,
        tool,
        'exit after ready (median ms)': median(lags[tool]).toFixed(0),
        'already ready, whole run (median ms)': median(whole[tool]).toFixed(0),
      });
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.table(rows);
