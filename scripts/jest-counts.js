// Reads jest's --json results and prints "<passed> <failed>", always exactly one such line.
// Nothing is silently left out:
// - results that are missing, empty, unreadable or not jest's shape count as one failure;
// - a run in which jest itself reports failure (success: false) or was interrupted, with no
//   failure counted otherwise, counts as one;
// - a suite that could not run (a crash, a failing beforeAll) counts as one failure;
// - a skipped, todo or focused-away test counts as a failure unless scripts/allowed-skips.json
//   names it (by its full name) with the reason it may be skipped;
// - a run in which no test passed counts as one failure, and in a full run so does each jest
//   project (unit: *.test.ts, integration: *.int.test.ts) in which no test passed.
const fs = require('node:fs');
const path = require('node:path');

/** Answers {passed, failed, problems} for jest's --json results. */
function count(results, allowedSkips, { subset = false } = {}) {
  const problems = [];

  const brokenSuites = results.testResults.filter(
    (suite) => suite.status === 'failed' && suite.assertionResults.every((test) => test.status !== 'failed'),
  );
  for (const suite of brokenSuites) problems.push(`suite could not run: ${path.basename(suite.name)}`);

  const notRun = results.testResults.flatMap((suite) =>
    suite.assertionResults.filter((test) => !['passed', 'failed'].includes(test.status)).map((test) => ({ suite: suite.name, test })),
  );
  const unexplained = notRun.filter(({ test }) => !(typeof allowedSkips[test.fullName] === 'string' && allowedSkips[test.fullName].trim()));
  for (const { suite, test } of unexplained) {
    problems.push(`not run (${test.status}) and not in scripts/allowed-skips.json: ${test.fullName} (${path.basename(suite)})`);
  }

  const passedIn = (inProject) =>
    results.testResults.some((suite) => inProject(suite.name) && suite.assertionResults.some((test) => test.status === 'passed'));
  const projects = { unit: (name) => !name.endsWith('.int.test.ts'), integration: (name) => name.endsWith('.int.test.ts') };
  // A run narrowed to some files (`npm test -- path`) may leave a project out on purpose, but not all of them.
  const emptyProjects = subset
    ? passedIn(() => true) ? [] : [['any', null]]
    : Object.entries(projects).filter(([, inProject]) => !passedIn(inProject));
  for (const [name] of emptyProjects) problems.push(name === 'any' ? 'no test passed in this run' : `jest project "${name}" ran no test that passed`);

  let failed = results.numFailedTests + brokenSuites.length + unexplained.length + emptyProjects.length;
  // jest's own verdict (a failing global setup, an interrupted run) stands even when no test shows it.
  if (failed === 0 && (results.success === false || results.wasInterrupted === true)) {
    problems.push(results.wasInterrupted ? 'jest was interrupted' : 'jest reports the run as failed, though no test did');
    failed = 1;
  }
  return { passed: results.numPassedTests, failed, problems };
}

/** jest's results from a file, or why they cannot be counted. */
function readResults(file) {
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    return { problem: `no jest results at ${file}: ${err.code ?? err.message}` };
  }
  if (!text.trim()) return { problem: `jest wrote no results to ${file}` };
  let results;
  try {
    results = JSON.parse(text);
  } catch (err) {
    return { problem: `jest results at ${file} are not JSON: ${err.message}` };
  }
  const shaped =
    results && Array.isArray(results.testResults) && Number.isInteger(results.numPassedTests) && Number.isInteger(results.numFailedTests) &&
    results.testResults.every((suite) => typeof suite.name === 'string' && Array.isArray(suite.assertionResults));
  return shaped ? { results } : { problem: `${file} does not hold jest's --json results` };
}

/** The allowed skips: {"full test name": "why it may be skipped"}, or why the file is unusable. */
function readAllowedSkips(file) {
  let skips;
  try {
    skips = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    return { problem: `cannot read ${path.basename(file)}: ${err.message}` };
  }
  if (!skips || typeof skips !== 'object' || Array.isArray(skips)) return { problem: `${path.basename(file)} must be an object of test name to reason` };
  return { skips };
}

/** What the command line prints: the problems (stderr) and the counts line (stdout). */
function main(argv) {
  const [file, ...flags] = argv;
  const read = file ? readResults(file) : { problem: 'usage: jest-counts.js <results.json> [--subset]' };
  const allowed = readAllowedSkips(path.join(__dirname, 'allowed-skips.json'));
  const unusable = [read.problem, allowed.problem].filter(Boolean);
  if (unusable.length > 0) return { problems: unusable, line: '0 1' };
  const { passed, failed, problems } = count(read.results, allowed.skips, { subset: flags.includes('--subset') });
  return { problems, line: `${passed} ${failed}` };
}

if (require.main === module) {
  const { problems, line } = main(process.argv.slice(2));
  for (const problem of problems) console.error(problem);
  console.log(line);
}

module.exports = { count, readResults, main };
