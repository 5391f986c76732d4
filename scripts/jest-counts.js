// Reads jest's --json results and prints "<passed> <failed>". Nothing is silently left out:
// - a suite that could not run (a crash, a failing beforeAll) counts as one failure;
// - a skipped, todo or focused-away test counts as a failure unless scripts/allowed-skips.json
//   names it (by its full name) with the reason it may be skipped;
// - each jest project, in a full run, (unit: *.test.ts, integration: *.int.test.ts) that ran no test counts as one failure.
const fs = require('node:fs');
const path = require('node:path');

/** Answers {passed, failed, problems} for jest's --json results. */
function count(results, allowedSkips, { subset = false } = {}) {
  const problems = [];

  const brokenSuites = results.testResults.filter(
    (suite) => suite.status === 'failed' && suite.assertionResults.every((test) => test.status !== 'failed'),
  ).length;

  const notRun = results.testResults.flatMap((suite) =>
    suite.assertionResults.filter((test) => !['passed', 'failed'].includes(test.status)).map((test) => ({ suite: suite.name, test })),
  );
  const unexplained = notRun.filter(({ test }) => !(typeof allowedSkips[test.fullName] === 'string' && allowedSkips[test.fullName].trim()));
  for (const { suite, test } of unexplained) {
    problems.push(`not run (${test.status}) and not in scripts/allowed-skips.json: ${test.fullName} (${path.basename(suite)})`);
  }

  const projects = { unit: (name) => !name.endsWith('.int.test.ts'), integration: (name) => name.endsWith('.int.test.ts') };
  // A run narrowed to some files (`npm test -- path`) may leave a project out on purpose.
  const emptyProjects = subset ? [] : Object.entries(projects).filter(
    ([, inProject]) => !results.testResults.some((suite) => inProject(suite.name) && suite.assertionResults.some((test) => test.status === 'passed')),
  );
  for (const [name] of emptyProjects) problems.push(`jest project "${name}" ran no test that passed`);
  return { passed: results.numPassedTests, failed: results.numFailedTests + brokenSuites + unexplained.length + emptyProjects.length, problems };
}

if (require.main === module) {
  let results;
  try {
    results = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  } catch {
    console.log('0 1');
    process.exit(0);
  }
  const allowedSkips = JSON.parse(fs.readFileSync(path.join(__dirname, 'allowed-skips.json'), 'utf8'));
  const { passed, failed, problems } = count(results, allowedSkips, { subset: process.argv.includes('--subset') });
  for (const problem of problems) console.error(problem);
  console.log(`${passed} ${failed}`);
}

module.exports = { count };
