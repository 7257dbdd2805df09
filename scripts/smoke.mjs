// npm run smoke: install the packed tarball (with rxjs from the registry) into fresh
// temporary projects outside this repository and run a real pollUntil and backoffRetry
// from each, its jitter drawn through `rxjs-wait/testing`: ESM `import`, CJS `require`,
// and TypeScript compiled with moduleResolution node16 and bundler. Every project checks
// that rxjs-wait resolved from its own node_modules, never from this repository's. It
// also runs the installed `rxjs-wait` bin, and checks that every source map and
// declaration map in the package points at files the package ships, so debuggers,
// source-map-loader and "go to definition" find the TypeScript sources.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';

const repo = resolve('.');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
// The oldest TypeScript the declarations support: 4.7 for node16 resolution (the first to
// have it) and 4.2 for node10 (rxjs 7's own floor: 4.0 and 3.9 fail on rxjs's types, not
// ours). Installed from the registry into the scratch folder (as rxjs is), not as dev
// dependencies: a second `typescript` package would fight the first over node_modules/.bin/tsc.
const OLDEST_TYPESCRIPT = '4.7.4';
const OLDEST_TYPESCRIPT_NODE10 = '4.2.4';
const root = mkdtempSync(join(tmpdir(), 'rxjs-wait-smoke-'));
const run = (cmd, args, cwd) =>
  execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });

// What each consumer runs: a poll that succeeds on the 3rd check, a retry that succeeds on
// the 2nd subscription (jittered by rxjs-wait/testing's sequenceRandom), and a check of
// where the package came from.
const body = (importLine, resolveLine) => `${importLine}
const where: string = ${resolveLine};
if (!where.startsWith(${JSON.stringify(root)})) throw new Error('rxjs-wait resolved from ' + where);
let checks = 0;
let subscriptions = 0;
const draws = sequenceRandom([0.25]);
let drawn = 0;
let lastDraw = -1;
const polled = firstValueFrom(pollUntil(() => ++checks === 3, { interval: 5, timeout: 2000 }), { defaultValue: 'done' });
const checked = firstValueFrom(pollUntil(fileCheck('package.json'), { interval: 5, timeout: 2000 }), { defaultValue: 'done' });
const retried = firstValueFrom(
  defer(() => (++subscriptions < 2 ? throwError(() => new Error('flaky')) : of('ok'))).pipe(
    backoffRetry({ duration: 5, steps: 3, jitter: 1, random: () => ((drawn += 1), (lastDraw = draws())) }),
  ),
);
Promise.all([polled, retried, checked]).then(([p, r]) => {
  if (checks !== 3 || subscriptions !== 2 || r !== 'ok' || drawn !== 1 || lastDraw !== 0.25)
    throw new Error('unexpected outcome ' + JSON.stringify({ p, r, checks, subscriptions, drawn, lastDraw }));
  console.log('ok: ' + process.argv[2]);
});
`;
const strip = (ts) => ts.replace(/: string/g, '');

/** The installed package's .map files whose `sources` are missing; returns how many maps it read. */
function checkMaps(pkg) {
  const maps = readdirSync(pkg, { recursive: true }).filter((file) => file.endsWith('.map'));
  const missing = [];
  for (const file of maps) {
    const map = JSON.parse(readFileSync(join(pkg, file), 'utf8'));
    for (const source of map.sources) {
      const target = resolve(pkg, dirname(file), map.sourceRoot ?? '', source);
      if (!target.startsWith(pkg + '/') || !existsSync(target)) missing.push(`${file} -> ${source}`);
    }
  }
  if (maps.length === 0) throw new Error('smoke: the package ships no source maps');
  if (missing.length > 0) throw new Error(`smoke: maps point at files the package lacks:\n${missing.join('\n')}`);
  return maps.length;
}

/** The installed `rxjs-wait` command: a ready file exits 0, a missing one times out with 124. */
function checkBin(cwd) {
  const bin = join(cwd, 'node_modules', '.bin', 'rxjs-wait');
  const exitCode = (args) => {
    try {
      execFileSync(bin, args, { cwd, stdio: 'ignore' });
      return 0;
    } catch (error) {
      if (typeof error.status !== 'number') throw error;
      return error.status;
    }
  };
  const ready = exitCode(['--quiet', '--interval', '10ms', '--timeout', '2s', 'file:package.json']);
  const missing = exitCode(['--quiet', '--interval', '10ms', '--timeout', '50ms', 'file:no-such-file']);
  if (ready !== 0 || missing !== 124) throw new Error(`smoke: bin exit codes ${ready}/${missing}, expected 0/124`);
  console.log('ok: bin (exit 0 when ready, 124 on timeout)');
}

try {
  console.log(`smoke: packing into ${root}`);
  const tarball = join(
    root,
    run('npm', ['pack', '--silent', '--pack-destination', root], repo).trim().split('\n').pop(),
  );
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'smoke-root', private: true }));
  run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--no-package-lock',
      tarball,
      'rxjs@^7.8',
      `typescript-oldest@npm:typescript@${OLDEST_TYPESCRIPT}`,
      `typescript-oldest-node10@npm:typescript@${OLDEST_TYPESCRIPT_NODE10}`,
    ],
    root,
  );
  const oldestTsc = join(root, 'node_modules', 'typescript-oldest', 'bin', 'tsc');
  const oldestNode10Tsc = join(root, 'node_modules', 'typescript-oldest-node10', 'bin', 'tsc');
  const pkg = join(root, 'node_modules', 'rxjs-wait');
  console.log(`ok: ${checkMaps(pkg)} maps, every source shipped (${relative(root, pkg)})`);
  checkBin(root);

  const esmImport = `import { defer, firstValueFrom, of, throwError } from 'rxjs';\nimport { backoffRetry, pollUntil } from 'rxjs-wait';\nimport { sequenceRandom } from 'rxjs-wait/testing';\nimport { fileCheck } from 'rxjs-wait/checks';\nimport { createRequire } from 'node:module';`;
  const esmResolve = `createRequire(import.meta.url).resolve('rxjs-wait')`;
  const cjsImport = `const { defer, firstValueFrom, of, throwError } = require('rxjs');\nconst { backoffRetry, pollUntil } = require('rxjs-wait');\nconst { sequenceRandom } = require('rxjs-wait/testing');\nconst { fileCheck } = require('rxjs-wait/checks');`;
  const projects = [
    {
      name: 'esm',
      type: 'module',
      file: 'index.mjs',
      code: strip(body(esmImport, `import.meta.resolve('rxjs-wait').replace('file://', '')`)),
    },
    { name: 'cjs', type: 'commonjs', file: 'index.cjs', code: strip(body(cjsImport, `require.resolve('rxjs-wait')`)) },
    {
      name: 'ts-node16',
      type: 'commonjs',
      file: 'index.ts',
      tsconfig: { module: 'node16', moduleResolution: 'node16' },
      code: body(
        `import { defer, firstValueFrom, of, throwError } from 'rxjs';\nimport { backoffRetry, pollUntil } from 'rxjs-wait';\nimport { sequenceRandom } from 'rxjs-wait/testing';\nimport { fileCheck } from 'rxjs-wait/checks';`,
        `require.resolve('rxjs-wait')`,
      ),
    },
    {
      name: 'ts-bundler',
      type: 'module',
      file: 'index.ts',
      tsconfig: { module: 'esnext', moduleResolution: 'bundler' },
      code: body(`${esmImport}`, esmResolve),
    },
  ];
  for (const project of projects) {
    const dir = join(root, project.name);
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: `smoke-${project.name}`, private: true, type: project.type }),
    );
    writeFileSync(join(dir, project.file), project.code);
    let entry = project.file;
    if (project.tsconfig) {
      const compilerOptions = {
        target: 'es2022',
        strict: true,
        outDir: 'out',
        skipLibCheck: false,
        types: [],
        lib: ['es2022', 'dom'],
        ...project.tsconfig,
      };
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({ compilerOptions, files: [project.file, 'globals.d.ts'] }),
      );
      writeFileSync(
        join(dir, 'globals.d.ts'),
        [
          'declare const require: { resolve(id: string): string };',
          'declare const process: { argv: string[] };',
          "declare module 'node:module' { export function createRequire(url: string): { resolve(id: string): string }; }",
        ].join('\n'),
      );
      run(process.execPath, [tsc, '-p', '.'], dir);
      entry = join('out', project.file.replace(/\.ts$/, '.js'));
    }
    process.stdout.write(run(process.execPath, [entry, project.name], dir));
  }
  // Strict TypeScript consumers, type-checked only: the strictest flags, an ES2020 lib
  // without @types/node, target ES5 with the library's declarations checked, for each
  // resolution mode. Explicit undefined options, err.cause and the testing helpers.
  const strictConsumer = [
    `import { VirtualTimeScheduler } from 'rxjs';`,
    `import { InterruptedError, backoffRetry, exponentialBackoff, isDeadlineExceeded, pollUntil, pollValue, stepBackoff, until } from 'rxjs-wait';`,
    `import { TestScheduler } from 'rxjs/testing';`,
    `import { flushSettled, runSettled, sequenceRandom } from 'rxjs-wait/testing';`,
    `import type { Check, CheckResult } from 'rxjs-wait/checks';`,
    `import { CheckError, commandCheck, fileCheck, httpCheck, reversed, tcpCheck, unixCheck, waitForChecks } from 'rxjs-wait/checks';`,
    `import type { CheckResults } from 'rxjs-wait/checks';`,
    `declare const maybe: number | undefined;`,
    `declare const signal: AbortSignal | undefined;`,
    `const scheduler = new VirtualTimeScheduler();`,
    `pollUntil(() => true, { interval: 100, timeout: maybe, immediate: undefined, sliding: undefined, signal, scheduler }).subscribe({`,
    `  error: (err: unknown) => {`,
    `    if (err instanceof InterruptedError) console.log(err.cause, err.attempts, isDeadlineExceeded(err));`,
    `  },`,
    `});`,
    `exponentialBackoff(() => Promise.resolve(true), { duration: 10, steps: 3, factor: maybe, jitter: maybe, cap: maybe, immediate: undefined, random: undefined });`,
    `backoffRetry<number>({ duration: 10, steps: 3, shouldRetry: undefined, retryAfter: undefined, onRetry: undefined, resetAfter: maybe, timeout: maybe });`,
    `until(() => 1, { period: 10, jitterFactor: maybe, sliding: undefined, timeout: maybe });`,
    `const delays: number[] = [stepBackoff({ duration: 1, steps: maybe }, sequenceRandom([0.5])).delay];`,
    `const first: number | undefined = delays[0];`,
    `void first;`,
    `void flushSettled(scheduler, { limit: maybe });`,
    `const testScheduler = new TestScheduler((a, e) => console.log(a, e));`,
    `const settled: Promise<number> = runSettled(testScheduler, async ({ cold, expectObservable }) => { expectObservable(cold('a|')).toBe('a|'); return 1; }, { limit: maybe });`,
    `void settled;`,
    `const checks: Check[] = [httpCheck('http://localhost/', { status: (s) => s < 500, headers: { a: 'b' }, attemptTimeout: maybe }), tcpCheck('db', 5432, { label: undefined }), unixCheck('/x'), fileCheck('/y'), commandCheck(['true'])];`,
    `pollUntil(reversed(checks[0] ?? commandCheck('true')), { interval: 10 });`,
    `void tcpCheck('db', 1).probe(new AbortController().signal).then((r: CheckResult) => r.unknown === true || r.detail.length > 0);`,
    `const fatal: CheckError = new CheckError('cmd:x', 'cannot run x');`,
    `pollValue(async () => ({ state: 'done' as const }), (job) => job.state === 'done', { interval: 10, timeout: maybe, emit: undefined }).subscribe({`,
    `  error: (err: unknown) => console.log((err as InterruptedError<{ state: 'done' }>).lastValue?.state),`,
    `});`,
    `waitForChecks({ db: tcpCheck('db', 5432) }, { backoff: { duration: 10, factor: 2 }, any: undefined }).subscribe((r: CheckResults) => console.log(r['db']?.detail));`,
    `void fatal.label;`,
  ].join('\n');
  const versionOf = (bin) => JSON.parse(readFileSync(join(dirname(bin), '..', 'package.json'), 'utf8')).version;
  const oldest = versionOf(oldestTsc);
  const oldestNode10 = versionOf(oldestNode10Tsc);
  const current = versionOf(tsc);
  const strictModes = [
    ['bundler', { module: 'esnext', moduleResolution: 'bundler', ignoreDeprecations: '5.0' }, 'module', tsc, current],
    ['node16', { module: 'node16', moduleResolution: 'node16', ignoreDeprecations: '5.0' }, 'module', tsc, current],
    ['node10', { module: 'commonjs', moduleResolution: 'node10', ignoreDeprecations: '5.0' }, 'commonjs', tsc, current],
    ['node16-ts-oldest', { module: 'node16', moduleResolution: 'node16' }, 'module', oldestTsc, oldest],
    ['node10-ts-oldest', { module: 'commonjs', moduleResolution: 'node' }, 'commonjs', oldestNode10Tsc, oldestNode10],
  ];
  // exactOptionalPropertyTypes came in TypeScript 4.4: older compilers reject the option.
  const knowsExactOptional = (version) => Number(version.split('.')[0]) * 100 + Number(version.split('.')[1]) >= 404;
  for (const [mode, resolution, type, compiler, version] of strictModes) {
    const dir = join(root, `ts-strict-${mode}`);
    mkdirSync(dir);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `smoke-strict-${mode}`, private: true, type }));
    writeFileSync(join(dir, 'index.ts'), strictConsumer);
    const compilerOptions = {
      target: 'es5',
      lib: ['es2020', 'dom'],
      types: [],
      strict: true,
      ...(knowsExactOptional(version) ? { exactOptionalPropertyTypes: true } : {}),
      noUncheckedIndexedAccess: true,
      skipLibCheck: false,
      noEmit: true,
      ...resolution,
    };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['index.ts'] }));
    run(process.execPath, [compiler, '-p', '.'], dir);
    console.log(
      `ok: ts-strict-${mode} (TypeScript ${version}; strict, ${knowsExactOptional(version) ? 'exactOptionalPropertyTypes, ' : ''}noUncheckedIndexedAccess, ES2020+DOM, ES5)`,
    );
  }
  console.log(
    `smoke: ${projects.length} consumer projects and ${strictModes.length} strict type checks ok (${readdirSync(root).length - 1} entries in ${root})`,
  );
} finally {
  rmSync(root, { recursive: true, force: true });
}
