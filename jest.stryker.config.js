// jest for mutation testing: the library's specs only (the CLI's end-to-end specs run the
// built CLI in real time and test src/cli, which is not mutated).
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  reporters: ['default'],
  collectCoverage: false, // Stryker instruments for itself
  coverageThreshold: undefined,
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/spec/cli/'],
};
