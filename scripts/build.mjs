// npm run build: one CommonJS and one ES module output, each with its declarations.
// Two tsc runs (no bundler): the output mirrors src/ file by file, so bundlers tree-shake
// per module, and each format gets declarations that match it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');

rmSync('dist', { recursive: true, force: true });
// The ES module build is type-checked without @types/node (the library runs in browsers,
// Deno and Bun); rxjs-wait/checks, which is Node's, gets Node's types in a build of its own.
for (const project of ['tsconfig.cjs.json', 'tsconfig.esm.json', 'tsconfig.esm-checks.json']) {
  execFileSync(process.execPath, [tsc, '-p', project], { stdio: 'inherit' });
}
// Each output says what module kind its .js files are, whatever the root package says.
mkdirSync('dist/cjs', { recursive: true });
writeFileSync('dist/cjs/package.json', JSON.stringify({ type: 'commonjs' }) + '\n');
writeFileSync('dist/esm/package.json', JSON.stringify({ type: 'module', sideEffects: false }) + '\n');

// One file per entry and format: the library is loaded as one module, not 22. Importing
// the 22-file ESM output cost about 15 ms over rxjs on Node 20; the same code as one file,
// about 3 ms (CommonJS: 6 -> 3.5 ms; issue 16 has the runs). Bundlers still tree-shake
// the single ESM file: it has no top-level side effects and says `sideEffects: false`
// (npm run size measures exactly that). Source maps chain back to src/, which is shipped.
// Declarations stay file by file, as tsc wrote them.
const { build } = await import('esbuild');
const coreExternal = {
  name: 'core-external',
  setup(plugin) {
    plugin.onResolve({ filter: /^\.\.\/index\.js$/ }, (args) => ({ path: args.path, external: true }));
  },
};
const entries = ['index.js', 'testing/index.js', 'checks/index.js'];
for (const [format, dir] of [
  ['esm', 'dist/esm'],
  ['cjs', 'dist/cjs'],
]) {
  const bundles = [];
  for (const entry of entries) {
    const result = await build({
      entryPoints: [`${dir}/${entry}`],
      bundle: true,
      format,
      platform: 'neutral',
      // node: modules are rxjs-wait/checks' (Node's own); the other entries use none
      external: ['rxjs', 'node:*'],
      // rxjs-wait/checks imports the core from its own entry, '../index.js': kept as an
      // import of the core bundle, not bundled again (one loop, one InterruptedError class)
      plugins: entry === 'checks/index.js' ? [coreExternal] : [],
      target: 'es2022',
      sourcemap: 'external',
      legalComments: 'none',
      write: false,
      outfile: `${dir}/${entry}`,
      logLevel: 'warning',
    });
    bundles.push(...result.outputFiles);
  }
  // The per-module JavaScript is in the bundles now (the CLI requires ../index.js).
  for (const file of readdirSync(dir, { recursive: true })) {
    if (/\.js(\.map)?$/.test(file) && !file.startsWith('cli')) rmSync(`${dir}/${file}`);
  }
  for (const output of bundles) {
    const text = output.path.endsWith('.js')
      ? `${oneRxjsImport(output.text)}//# sourceMappingURL=${basename(output.path)}.map\n`
      : output.text;
    writeFileSync(output.path, text);
  }
}

/**
 * esbuild keeps each source module's `import { ... } from "rxjs"` as a statement of its
 * own, renaming clashes (`Observable2`), and a consumer's bundler keeps them all: nine
 * statements, 37 B min+gzip of every bundle. Folded here into one statement, each alias
 * replaced by the name it stands for. Only the ESM output has such lines; a
 * name that is not an identifier of an alias (`Observable2` in a string) would be a bug
 * the runtime matrix and the smoke tests catch.
 */
function oneRxjsImport(text) {
  const names = new Set();
  const aliases = new Map();
  const pattern = /^import \{([^}]*)\} from "rxjs";$/gm;
  for (const [, list] of text.matchAll(pattern)) {
    for (const item of list
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)) {
      const [name, alias] = item.split(/\s+as\s+/);
      names.add(name);
      if (alias !== undefined) aliases.set(alias, name);
    }
  }
  if (names.size === 0) return text;
  // The first statement becomes the one import, the others empty lines: the source map's
  // lines stay where they were (imports are hoisted, so where it stands does not matter).
  let first = true;
  const folded = text.replace(pattern, () => {
    if (!first) return '';
    first = false;
    return `import { ${[...names].join(', ')} } from "rxjs";`;
  });
  if (aliases.size === 0) return folded;
  return folded.replace(new RegExp(`\\b(${[...aliases.keys()].join('|')})\\b`, 'g'), (alias) => aliases.get(alias));
}
