// Mocha reporter: the usual spec output, plus a JSON summary written to $FLOWSCOPE_RESULTS_FILE so the
// test driver (scripts/test.mjs) can add up every tier, including the one that runs inside VS Code.
const Mocha = require('mocha');
const fs = require('node:fs');
const path = require('node:path');

class ResultsReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const failures = [];
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (test, err) => {
      failures.push({ title: test.fullTitle(), message: String(err && err.message) });
    });
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const file = process.env.FLOWSCOPE_RESULTS_FILE;
      if (!file) return;
      const s = runner.stats || {};
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify({ passed: s.passes || 0, failed: s.failures || 0, pending: s.pending || 0, failures }, null, 2));
    });
  }
}

module.exports = ResultsReporter;
