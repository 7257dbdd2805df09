// npm run build: one CommonJS and one ES module output, each with its declarations.
// Two tsc runs (no bundler): the output mirrors src/ file by file, so bundlers tree-shake
// per module, and each format gets declarations that match it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');

rmSync('dist', { recursive: true, force: true });
for (const project of ['tsconfig.cjs.json', 'tsconfig.esm.json']) {
  execFileSync(process.execPath, [tsc, '-p', project], { stdio: 'inherit' });
}
// Each output says what module kind its .js files are, whatever the root package says.
mkdirSync('dist/cjs', { recursive: true });
writeFileSync('dist/cjs/package.json', JSON.stringify({ type: 'commonjs' }) + '\n');
writeFileSync('dist/esm/package.json', JSON.stringify({ type: 'module', sideEffects: false }) + '\n');
