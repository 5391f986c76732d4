// Reads jest's --json results and prints "<passed> <failed>". A suite that could not run
// (a crash, a failing beforeAll) counts as one failure, so it is never silently skipped.
const fs = require('node:fs');

const file = process.argv[2];
let results;
try {
  results = JSON.parse(fs.readFileSync(file, 'utf8'));
} catch {
  console.log('0 1');
  process.exit(0);
}
const brokenSuites = results.testResults.filter(
  (suite) => suite.status === 'failed' && suite.assertionResults.every((test) => test.status !== 'failed'),
).length;
const ranNothing = results.numTotalTests === 0 ? 1 : 0;
console.log(`${results.numPassedTests} ${results.numFailedTests + brokenSuites + ranNothing}`);
