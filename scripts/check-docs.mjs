// npm run check:docs: runs every code block of README.md, docs/*.md and CONTRIBUTING.md
// that is not marked a fragment (```ts fragment), as written, and checks what it prints
// against its `// Output:` (or `# Output:`) comment, line for line; a block without one
// must exit 0. Before they run, it starts what the blocks talk to on loopback: an HTTP
// server on 8080 (200 on /healthz) and a TCP listener on 5432. ts and js blocks run as ES
// modules importing the built package (npm run build first); sh blocks run in bash, with
// `npx rxjs-wait` the built CLI. Then it type-checks every ts block (check:readme), and
// checks that docs/timeline.svg is what scripts/timeline.mjs draws from a run.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { docBlocks } from './docBlocks.mjs';

const root = resolve('.');
// inside the package, so that `rxjs-wait` resolves to the package itself (its exports)
const scratch = join(root, 'reports', 'docs-run');
rmSync(scratch, { recursive: true, force: true });
mkdirSync(join(scratch, 'bin'), { recursive: true });
writeFileSync(
  join(scratch, 'bin', 'npx'),
  `#!/bin/sh\n[ "$1" = rxjs-wait ] && shift && exec node ${JSON.stringify(join(root, 'dist/cjs/cli/main.js'))} "$@"\necho "npx: only rxjs-wait here" >&2; exit 127\n`,
);
chmodSync(join(scratch, 'bin', 'npx'), 0o755);

const listen = (server, port) =>
  new Promise((ok, fail) => {
    server.once('error', (error) => fail(new Error(`check:docs needs port ${port} on 127.0.0.1: ${error.message}`)));
    server.listen(port, '127.0.0.1', ok);
  });
const http = createServer((req, res) => res.writeHead(req.url === '/healthz' ? 200 : 404).end());
const tcp = createTcpServer((socket) => socket.end());
await listen(http, 8080);
await listen(tcp, 5432);

/** The lines a block says it prints: the comment lines after `// Output:` or `# Output:`. */
function expected(code) {
  const lines = code.split('\n');
  const at = lines.findIndex((line) => /^\s*(\/\/|#) Output:\s*$/.test(line));
  if (at < 0) return undefined;
  const out = [];
  for (const line of lines.slice(at + 1)) {
    const m = /^\s*(?:\/\/|#) ?(.*)$/.exec(line);
    if (m === null) break;
    out.push(m[1]);
  }
  return out.join('\n').trimEnd();
}

/** Runs a command to its end (the servers above answer meanwhile), at most 60 s. */
function run(command, args, options) {
  return new Promise((done) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      done({ status, signal, stdout, stderr });
    });
  });
}

const failures = [];
let ran = 0;
const blocks = docBlocks().filter((block) => !block.fragment && ['ts', 'js', 'sh'].includes(block.lang));
for (const [i, block] of blocks.entries()) {
  const where = `${block.file}:${block.line}`;
  let result;
  if (block.lang === 'sh') {
    result = await run('bash', ['-e', '-c', block.code], {
      env: { ...process.env, PATH: `${join(scratch, 'bin')}:${process.env.PATH}` },
    });
  } else {
    const file = join(scratch, `block${i + 1}.mjs`);
    await build({
      stdin: { contents: block.code, loader: block.lang, resolveDir: scratch },
      outfile: file,
      format: 'esm',
      platform: 'node',
      target: 'node18',
      bundle: false,
      logLevel: 'silent',
    });
    result = await run(process.execPath, [file], { cwd: scratch });
  }
  ran++;
  const want = expected(block.code);
  const got = (result.stdout ?? '').trimEnd();
  if (result.status !== 0) {
    failures.push(`${where}: exit ${result.status ?? result.signal}\n${result.stderr}`);
  } else if (want !== undefined && got !== want) {
    failures.push(`${where}: printed\n${got}\nwhere its Output comment says\n${want}`);
  }
}
http.close();
tcp.close();

if (failures.length > 0) {
  console.error(`check:docs: ${failures.length} of ${ran} blocks failed:\n\n${failures.join('\n\n')}`);
  process.exit(1);
}
const fragments = docBlocks().filter((block) => block.fragment).length;
console.log(`check:docs: ${ran} blocks ran and printed what they say; ${fragments} marked fragments`);
execFileSync(process.execPath, ['scripts/readme-types.mjs'], { stdio: 'inherit' });
// and the README's picture is what a run of the schedules draws
execFileSync(process.execPath, ['scripts/timeline.mjs', '--check'], { stdio: 'inherit' });
