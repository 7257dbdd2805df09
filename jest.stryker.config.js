// jest for the full mutation run (`npm run mutation`, stryker.config.json): every library
// spec except the CLI's (they run the built CLI, and src/cli is not mutated), the property
// suites (thousands of scenarios for each mutant of the loop; on 2 cores they alone would
// take the run past a working day) and the real-time loop cases (each waits on real timers).
// Both still run in `npm test`; what leaving them out costs is in mutation/README.md.
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
    '<rootDir>/spec/properties.spec.ts',
    '<rootDir>/spec/waitLoop.realTime.spec.ts',
  ],
};
