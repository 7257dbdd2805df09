// npm run check:readme (a part of `npm run check:docs`): type-checks every ```ts block of
// README.md, docs/*.md and CONTRIBUTING.md, fragments too, as a user would paste it,
// against the package's source. Each block is its own module in a scratch folder;
// the names the README leaves to the reader (an app's own functions and values) are
// declared once in placeholders.d.ts. jest's globals come from @types/jest.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
import { docBlocks } from './docBlocks.mjs';

const all = docBlocks().filter((block) => block.lang === 'ts');
const blocks = all.map((block) => block.code);
const placeholders = `
// What the README's examples leave to the reader: an app's own functions and values.
declare function updateConfigMap(name: string, patch: object): Promise<unknown>;
declare function lockExists(): Promise<boolean>;
declare function render(job: unknown): void;
declare function renewLease(): Promise<void>;
declare function replicaReady(): boolean;
declare function allReplicasReady(): Promise<boolean>;
declare function check(): boolean;
declare function send(update: unknown): void;
declare const apps: {
  readNamespacedDeployment(
    args: { name: string; namespace: string },
    options: { signal: AbortSignal },
  ): Promise<{ status?: { updatedReplicas?: number; availableReplicas?: number }; spec?: { replicas?: number } }>;
};
declare const id: string;
declare const patch: object;
declare const cache: { isWarm(): boolean };
declare const log: { warn(message: string): void };
declare const request: { signal: AbortSignal };
declare const source$: import('rxjs').Observable<unknown>;
declare const request$: import('rxjs').Observable<unknown>;
declare const events$: import('rxjs').Observable<unknown>;
declare const liveUpdates$: import('rxjs').Observable<unknown>;
declare const update$: import('rxjs').Observable<unknown>;
declare const job$: import('rxjs').Observable<{ missing: number }>;
declare function isConflict(error: unknown): boolean;
interface HttpError extends Error { retryAfterSeconds: number }
`;
const dir = mkdtempSync(join(tmpdir(), 'rxjs-wait-readme-'));
try {
  const files = blocks.map((code, i) => {
    const file = `block${String(i + 1).padStart(2, '0')}.ts`;
    // a module of its own, whether or not the block imports anything
    writeFileSync(join(dir, file), `${code}\nexport {};\n`);
    return file;
  });
  writeFileSync(join(dir, 'placeholders.d.ts'), placeholders);
  const root = resolve('.');
  const compilerOptions = {
    target: 'es2022',
    module: 'esnext',
    moduleResolution: 'bundler',
    lib: ['es2022', 'dom'],
    types: ['jest', 'node'],
    typeRoots: [join(root, 'node_modules', '@types')],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    baseUrl: root,
    paths: {
      'rxjs-wait': ['src/index.ts'],
      'rxjs-wait/testing': ['src/testing/index.ts'],
      'rxjs-wait/checks': ['src/checks/index.ts'],
      rxjs: ['node_modules/rxjs'],
      'rxjs/testing': ['node_modules/rxjs/testing'],
      'rxjs/fetch': ['node_modules/rxjs/fetch'],
    },
  };
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions, files: [...files, 'placeholders.d.ts'] }, null, 2),
  );
  try {
    execFileSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const out = `${error.stdout ?? ''}${error.stderr ?? ''}`;
    // name each failing block by the file and line it starts on
    console.error(
      out.replace(/\S*block(\d+)\.ts\((\d+),(\d+)\)/g, (_all, n, line, column) => {
        const block = all[Number(n) - 1];
        return `${block.file}:${block.line + Number(line) - 1}:${column}`;
      }),
    );
    process.exit(1);
  }
  const documents = new Set(all.map((block) => block.file)).size;
  console.log(`check:readme: ${blocks.length} ts blocks of ${documents} documents (README.md, docs/) type-check`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
