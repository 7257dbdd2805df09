// npm run examples: runs every example in this folder and fails if one fails.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const examples = readdirSync(here).filter((f) => /\.(mjs|cjs)$/.test(f) && f !== 'run-all.mjs');
let failed = 0;
for (const example of examples) {
  console.log(`\n$ node examples/${example}`);
  const { status } = spawnSync(process.execPath, [join(here, example)], { stdio: 'inherit', timeout: 30_000 });
  if (status !== 0) {
    failed += 1;
    console.error(`examples/${example} exited with ${status}`);
  }
}
console.log(`\nexamples: ${examples.length - failed} of ${examples.length} ran cleanly`);
process.exitCode = failed === 0 ? 0 : 1;
