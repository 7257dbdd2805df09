// jest for the loop's mutation run (`npm run mutation:loop`, stryker.loop.json): the
// library specs with the property suites and the real-time loop cases, which the full run
// leaves out for time and which exist for this one file. Left out: the CLI (built files,
// end to end) and the checks (real servers and processes; they reach the loop only
// through waitForChecks, whose own specs run in the full run).
const base = require('./jest.config.js');

// 100 scenarios per property (npm test runs 1,000): a mutant the properties kill fails
// within the first few dozen, and a survivor costs each property's whole budget
process.env.FC_RUNS ??= '100';

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  reporters: ['default'],
  collectCoverage: false, // Stryker instruments for itself
  coverageThreshold: undefined,
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/spec/cli/', '<rootDir>/spec/checks/'],
};
