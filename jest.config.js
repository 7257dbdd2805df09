/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  reporters: ['default', '<rootDir>/spec/support/summaryReporter.js'],
  roots: ['<rootDir>/spec'],
  testMatch: ['**/*.spec.ts'],
  // sources import './x.js' (as ES modules must); under ts-jest that is './x.ts'
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  // The library's coverage floor, just under what the suite reaches (statements 99.1%,
  // branches 95.8%, functions and lines 100% / 99.6%), so a spec that stops pinning a
  // path fails CI. rxjs-wait/checks (src/checks/) counts: spec/checks/ runs it against
  // real servers, sockets and process groups. src/cli/ is left out: it is tested end to
  // end by running the built CLI (spec/cli/e2e.spec.ts), which coverage of src/ cannot see.
  collectCoverageFrom: ['src/**/*.ts', '!src/cli/**'],
  coverageReporters: ['text-summary'],
  coverageThreshold: { global: { statements: 98, branches: 95, functions: 100, lines: 99 } },
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }],
  },
};
