// jest for the mutation step in CI (stryker.ci.json): the specs that can kill a mutant of
// the files it mutates (validation, results, signals, backoff arithmetic, errors). Left
// out: the CLI (built, end to end, in real time), the checks (real servers and processes),
// the property suites (thousands of scenarios per run; they guard the loop, which this
// step does not mutate) and the real-time loop cases. Each still runs in `npm test`.
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  reporters: ['default'],
  collectCoverage: false, // Stryker instruments for itself
  coverageThreshold: undefined,
  testPathIgnorePatterns: [
    '/node_modules/',
    '<rootDir>/spec/cli/',
    '<rootDir>/spec/checks/',
    '<rootDir>/spec/properties.spec.ts',
    '<rootDir>/spec/waitLoop.realTime.spec.ts',
  ],
};
