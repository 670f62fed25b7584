/**
 * Ends a jest run with one plain line, `tests: N passed, N failed`, which CI reads to know how many tests ran
 * (jest's own summary is not in a form it recognises).
 */
"use strict";
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const tail = skipped > 0 ? `, ${skipped} skipped` : "";
    process.stdout.write(`\ntests: ${results.numPassedTests} passed, ${results.numFailedTests} failed${tail}\n`);
  }
}
module.exports = SummaryReporter;
