// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'coverage/**',
      'docs/**',
      'reports/**',
      'stryker-tmp/**',
      'stryker-tmp-loop/**',
      'node_modules/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        require: 'readonly',
        module: 'readonly',
        __dirname: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        DOMException: 'readonly',
        fetch: 'readonly',
        URL: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['rxjs/internal/*'], message: 'Use the public RxJS API only.' }] },
      ],
    },
  },
  {
    // (the CLI and rxjs-wait/checks do real I/O on real time: a check's time limit and a
    // process group's grace are setTimeout, like AbortSignal.timeout for fetch)
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**', 'src/checks/**'],
    rules: {
      // operators take time only from RxJS schedulers, so TestScheduler can virtualise it
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Schedule through the RxJS scheduler.' },
        { name: 'setInterval', message: 'Schedule through the RxJS scheduler.' },
      ],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'Use scheduler.now().' }],
    },
  },
  {
    // One way for data to flow: operators and backoff/ build on internal/, never the reverse.
    files: ['src/internal/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['rxjs/internal/*'], message: 'Use the public RxJS API only.' },
            {
              group: ['**/operators/*', '**/backoff/*', '**/cli/*'],
              message: 'internal/ is what operators share; it depends on none of them (nor on backoff/ or cli/).',
            },
          ],
        },
      ],
    },
  },
  {
    // The CLI is a user of the package: the public barrel only.
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['rxjs/internal/*'], message: 'Use the public RxJS API only.' },
            {
              group: [
                '**/internal/*',
                '**/operators/*',
                '**/backoff/*',
                '**/errors/*',
                '**/testing/*',
                '**/checks/*',
                '!**/checks/index.js',
              ],
              message: "The CLI uses the public API: import from '../index.js' and '../checks/index.js'.",
            },
          ],
        },
      ],
    },
  },
  {
    // rxjs-wait/checks: conditions built on Node and validate.ts, nothing of the operators
    files: ['src/checks/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['rxjs/internal/*'], message: 'Use the public RxJS API only.' },
            {
              group: ['**/operators/*', '**/backoff/*', '**/cli/*', '**/errors/*', '**/testing/*'],
              message: 'rxjs-wait/checks stands alone: Node, validate.ts and the public types only.',
            },
          ],
        },
      ],
    },
  },
  {
    // type-level tests declare values only to test their types
    files: ['spec/types/**'],
    rules: { '@typescript-eslint/no-unused-vars': 'off' },
  },
  {
    // runtimes/ runs in Node, Bun, Deno and Chromium: the web platform's globals, and the page's
    files: ['runtimes/**/*.mjs'],
    languageOptions: {
      globals: { performance: 'readonly', URLSearchParams: 'readonly', document: 'readonly', location: 'readonly' },
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
