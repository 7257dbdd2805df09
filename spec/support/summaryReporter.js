// A last line for the whole jest run, 'N passed, N failed[, N skipped]', printed and kept in
// reports/test-summary.txt so that .ci/run can repeat it after its other checks.
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const line =
      `tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed` +
      (skipped ? `, ${skipped} skipped` : '');
    const dir = join(__dirname, '..', '..', 'reports');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'test-summary.txt'), line + '\n');
    process.stdout.write(line + '\n');
  }
}

module.exports = SummaryReporter;
