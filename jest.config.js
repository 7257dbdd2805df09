/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  reporters: ['default', '<rootDir>/spec/support/summaryReporter.js'],
  roots: ['<rootDir>/spec'],
  testMatch: ['**/*.spec.ts'],
  // sources import './x.js' (as ES modules must); under ts-jest that is './x.ts'
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }],
  },
};
