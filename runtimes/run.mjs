// npm run test:runtimes: the packed package in every runtime it promises to run in, for
// real. It installs this folder's pinned runtimes (`npm ci`: Bun, Deno, the oldest and
// newest Node we support, vitest, sinon's fake timers), unpacks `npm pack` of the repo as
// node_modules/rxjs-wait, starts a loopback HTTP server, then runs scenarios.mjs in:
//   - Node 18.7 (the oldest `engines` allows), this machine's Node, the LTS lines 22 and 24,
//     Node 26 (the newest), Bun and Deno,
//     each of which also runs the checks of rxjs-wait/checks (checkScenarios.mjs) and the CLI (ready after 503, 503, 200; exit 124 on a deadline;
//     `-- COMMAND` run once ready, its status passed on);
//   - headless Chromium (Debian's `chromium`, installed with apt-get when missing), once as
//     a page bundled by esbuild and once as native modules through an import map;
// and the fake-timer recipes docs/testing.md gives for vitest and sinon. It prints the matrix
// (runtime, version, result, seconds), writes it to reports/runtimes.md, and exits 1 when
// any row failed.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const modules = join(here, 'node_modules');
const scratch = mkdtempSync(join(tmpdir(), 'rxjs-wait-runtimes-'));
const started = performance.now();
const log = (message) => console.log(`[${((performance.now() - started) / 1000).toFixed(1)} s] ${message}`);

/** Runs a command to completion; resolves to its exit code, stdout and stderr. */
function run(command, args, { cwd = here, timeout = 60_000, env } = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code: code ?? signal, stdout, stderr });
    });
  });
}

// --- install the runtimes and the packed package ------------------------------------

log('npm ci (runtimes/package-lock.json)');
execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: here, stdio: 'inherit' });
const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', scratch], {
  cwd: repo,
  encoding: 'utf8',
})
  .trim()
  .split('\n')
  .pop();
const installed = join(modules, 'rxjs-wait');
rmSync(installed, { recursive: true, force: true });
mkdirSync(installed);
// -m: fresh mtimes (npm pack stamps every file 1985-10-26), so that no cache keyed by path
// and mtime can take this build for an earlier one.
execFileSync('tar', ['-xzmf', join(scratch, tarball), '-C', installed, '--strip-components=1']);
log(`unpacked ${tarball} into runtimes/node_modules/rxjs-wait`);

// --- the loopback server --------------------------------------------------------------
// /flaky?id&key&fail=N answers 503 N times, then 200 "ok"; /hang never answers and counts
// the requests whose connection closed (/stats); /report takes a page's rows; anything
// else is a file of this folder, where a module path without an extension gets its `.js`
// or `/index.js` (rxjs's ES modules import './internal/Observable').

const counters = new Map();
const stats = (key) => counters.get(key) ?? counters.set(key, { requests: 0, closed: 0 }).get(key);
const reports = new Map();
const types = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.json': 'application/json',
};

function staticFile(pathname) {
  const base = normalize(join(here, decodeURIComponent(pathname)));
  if (!base.startsWith(here)) return undefined;
  for (const candidate of [base, `${base}.js`, join(base, 'index.js')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  const key = `${url.searchParams.get('id')}/${url.searchParams.get('key')}`;
  if (url.pathname === '/flaky') {
    const counter = stats(key);
    counter.requests += 1;
    const ready = counter.requests > Number(url.searchParams.get('fail'));
    res.writeHead(ready ? 200 : 503, { 'content-type': 'text/plain' }).end(ready ? 'ok' : 'not yet');
  } else if (url.pathname === '/hang') {
    stats(key).requests += 1;
    res.on('close', () => (stats(key).closed += 1));
  } else if (url.pathname === '/stats') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(stats(key)));
  } else if (url.pathname === '/report' && req.method === 'POST') {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      reports.get(url.searchParams.get('page'))?.(body);
      res.writeHead(204).end();
    });
  } else {
    const file = staticFile(url.pathname);
    if (file === undefined) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'text/javascript' }).end(readFileSync(file));
  }
});
await new Promise((ready) => server.listen(0, '127.0.0.1', ready));
const base = `http://127.0.0.1:${server.address().port}`;
// A port nothing listens on: bound once, then released.
const closedPort = await new Promise((ready) => {
  const probe = createTcpServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address();
    probe.close(() => ready(port));
  });
});
log(`server at ${base}`);

// --- the matrix -----------------------------------------------------------------------

const matrix = [];
/** Adds a row: `fn` resolves to `{ version, failures: string[], detail }`. */
async function row(runtime, fn) {
  const start = performance.now();
  let result;
  try {
    result = await fn();
  } catch (error) {
    result = { version: '?', failures: [String(error?.stack ?? error)] };
  }
  const seconds = (performance.now() - start) / 1000;
  matrix.push({ runtime, ...result, seconds });
  log(`${runtime} ${result.version}: ${result.failures.length === 0 ? 'pass' : 'FAIL'} (${seconds.toFixed(1)} s)`);
  for (const failure of result.failures) console.log(`    ${failure.replace(/\n/g, '\n    ')}`);
}

/** The failures among scenario rows. */
const failuresOf = (rows) => rows.filter((r) => !r.ok).map((r) => `${r.name}: ${r.detail}`);

function parseRows(output, what) {
  const line = output.stdout.trim().split('\n').pop();
  try {
    return JSON.parse(line);
  } catch {
    throw new Error(`${what} printed no result (exit ${output.code}):\n${output.stdout}\n${output.stderr}`);
  }
}

/** The CLI on this runtime: three runs, their exit codes checked. */
async function cliFailures(command, prefix, id, env) {
  const cli = join(modules, 'rxjs-wait', 'dist', 'cjs', 'cli', 'main.js');
  const cases = [
    {
      what: 'ready after 503, 503, 200',
      args: ['--quiet', '--interval', '50ms', '--timeout', '10s', `${base}/flaky?id=${id}&key=cli&fail=2`],
      expect: 0,
    },
    {
      what: 'a closed port until the deadline',
      args: ['--quiet', '--interval', '20ms', '--timeout', '300ms', `tcp:127.0.0.1:${closedPort}`],
      expect: 124,
    },
    {
      what: '-- COMMAND once ready, its status passed on',
      args: ['--quiet', '--timeout', '10s', `${base}/flaky?id=${id}&key=exec&fail=0`, '--', 'sh', '-c', 'exit 7'],
      expect: 7,
    },
  ];
  const failures = [];
  for (const { what, args, expect } of cases) {
    const start = performance.now();
    const output = await run(command, [...prefix, cli, ...args], { timeout: 20_000, env });
    const ms = Math.round(performance.now() - start);
    if (output.code !== expect)
      failures.push(`CLI, ${what}: exit ${output.code}, expected ${expect}\n${output.stderr}`);
    else if (expect === 124 && ms > 5000) failures.push(`CLI, ${what}: took ${ms} ms for a 300 ms deadline`);
  }
  return failures;
}

const denoBinary = join(modules, '@deno', 'linux-x64-glibc', 'deno');
const servers = [
  { runtime: 'Node (oldest)', command: join(modules, 'node-oldest', 'bin', 'node'), prefix: [] },
  { runtime: 'Node (this machine)', command: process.execPath, prefix: [] },
  { runtime: 'Node 22 (LTS)', command: join(modules, 'node-22', 'bin', 'node'), prefix: [] },
  { runtime: 'Node 24 (LTS)', command: join(modules, 'node-24', 'bin', 'node'), prefix: [] },
  { runtime: 'Node (newest)', command: join(modules, 'node-newest', 'bin', 'node'), prefix: [] },
  { runtime: 'Bun', command: join(modules, '.bin', 'bun'), prefix: [] },
  // --allow-all: the CLI spawns commands and reads the environment as well as the network.
  // A DENO_DIR of this run's own: with the shared ~/.cache/deno, a rebuilt package unpacked
  // at the same path ran an earlier build's cached code (a SyntaxError at require).
  { runtime: 'Deno', command: denoBinary, prefix: ['run', '--allow-all'], env: { DENO_DIR: join(scratch, 'deno') } },
];

for (const { runtime, command, prefix, env } of servers) {
  await row(runtime, async () => {
    // Deno prints "deno 2.9.6 (stable, ...)" and more lines; keep the number.
    const version = (await run(command, ['--version'])).stdout.match(/\d+\.\d+\.\d+/)[0];
    const id = runtime.replace(/\W+/g, '-');
    const output = await run(command, [...prefix, join(here, 'entry.mjs'), base, id, String(closedPort)], {
      timeout: 60_000,
      env,
    });
    const rows = parseRows(output, runtime);
    return { version, failures: [...failuresOf(rows), ...(await cliFailures(command, prefix, id, env))], rows };
  });
}

// --- Chromium -------------------------------------------------------------------------

function chromiumBinary() {
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  log("installing Debian's chromium (apt-get)");
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const apt = (args) =>
    execFileSync(sudo[0] ?? 'apt-get', [...sudo.slice(1), ...(sudo.length ? ['apt-get'] : []), ...args], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  apt(['update', '-qq']);
  apt(['install', '-y', '-qq', '--no-install-recommends', 'chromium']);
  return '/usr/bin/chromium';
}

const pages = {
  // One file made by esbuild from scenarios.mjs and the packed package, as an app ships it.
  bundled: '<script type="module" src="/bundle.js"></script>',
  // Native modules: the packed package's ESM build and rxjs's (with its tslib), mapped by name.
  'import-map': `<script type="importmap">${JSON.stringify({
    imports: {
      rxjs: '/node_modules/rxjs/dist/esm/index.js',
      'rxjs-wait': '/node_modules/rxjs-wait/dist/esm/index.js',
      tslib: '/node_modules/tslib/tslib.es6.mjs',
    },
  })}</script>
<script type="module" src="/browser.mjs"></script>`,
};

async function inChromium(binary, page) {
  // An error before the scenarios start (a module that fails to load) is reported too.
  const html = `<!doctype html><html data-page="${page}"><head><script>
addEventListener('error', (e) => fetch('/report?page=${page}', { method: 'POST', body: JSON.stringify([{ name: 'page', ok: false, ms: 0, detail: String(e.message) }]) }));
</script>${pages[page]}</head><body></body></html>`;
  writeFileSync(join(here, `${page}.html`), html);
  const reported = new Promise((resolveReport) => reports.set(page, resolveReport));
  const profile = mkdtempSync(join(scratch, 'chromium-'));
  const browser = spawn(
    binary,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
      `${base}/${page}.html`,
    ],
    { stdio: 'ignore' },
  );
  const timeout = new Promise((_, reject) =>
    setTimeout(() => reject(new Error('no report within 60 s')), 60_000).unref(),
  );
  try {
    return parseRows({ stdout: await Promise.race([reported, timeout]), stderr: '', code: 'none' }, page);
  } finally {
    browser.kill('SIGKILL');
    rmSync(join(here, `${page}.html`), { force: true });
  }
}

let chromium;
/** The binary, installed on first use, and its version number. */
function chromiumOnce() {
  if (chromium === undefined) {
    const binary = chromiumBinary();
    const version = execFileSync(binary, ['--version'], { encoding: 'utf8' }).match(/\d+(\.\d+)+/)[0];
    chromium = { binary, version };
  }
  return chromium;
}

await row('Chromium, bundled by esbuild', async () => {
  const { binary, version } = chromiumOnce();
  await build({
    entryPoints: [join(here, 'browser.mjs')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outfile: join(here, 'bundle.js'),
    logLevel: 'error',
  });
  try {
    return { version, failures: failuresOf(await inChromium(binary, 'bundled')) };
  } finally {
    rmSync(join(here, 'bundle.js'), { force: true });
  }
});
await row('Chromium, import map', async () => {
  const { binary, version } = chromiumOnce();
  return { version, failures: failuresOf(await inChromium(binary, 'import-map')) };
});

// --- the fake-timer recipes -----------------------------------------------------------

const recipeFailures = (output) =>
  output.code === 0 ? [] : [`exit ${output.code}\n${output.stdout}\n${output.stderr}`];
for (const [name, file] of [
  ['vitest fake timers', 'recipes/vitest.test.mjs'],
  ['vitest, runSettled marbles', 'recipes/runSettled.test.mjs'],
]) {
  await row(`${name} (${file})`, async () => {
    const vitest = join(modules, 'vitest', 'vitest.mjs');
    const version = `vitest ${JSON.parse(readFileSync(join(modules, 'vitest', 'package.json'), 'utf8')).version}`;
    const output = await run(process.execPath, [vitest, 'run', '--root', here, file], { env: { CI: 'true' } });
    return { version, failures: recipeFailures(output) };
  });
}
await row('sinon fake timers under node:test (recipes/sinon.test.mjs)', async () => {
  const version = `@sinonjs/fake-timers ${JSON.parse(readFileSync(join(modules, '@sinonjs', 'fake-timers', 'package.json'), 'utf8')).version}`;
  const output = await run(process.execPath, ['--test', join(here, 'recipes', 'sinon.test.mjs')]);
  return { version, failures: recipeFailures(output) };
});

server.close();
rmSync(scratch, { recursive: true, force: true });

const lines = [
  '| runtime | version | result | seconds |',
  '| --- | --- | --- | --- |',
  ...matrix.map(
    (r) => `| ${r.runtime} | ${r.version} | ${r.failures.length === 0 ? 'pass' : 'FAIL'} | ${r.seconds.toFixed(1)} |`,
  ),
];
const total = ((performance.now() - started) / 1000).toFixed(1);
const report = `${lines.join('\n')}\n\nWhole run, installs included: ${total} s.\n`;
mkdirSync(join(repo, 'reports'), { recursive: true });
writeFileSync(join(repo, 'reports', 'runtimes.md'), report);
console.log(`\n${report}`);
process.exitCode = matrix.some((r) => r.failures.length > 0) ? 1 : 0;
