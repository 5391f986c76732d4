import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { count, main } = require('./jest-counts') as {
  count(results: unknown, allowedSkips: Record<string, string>, options?: { subset?: boolean }): { passed: number; failed: number; problems: string[] };
  main(argv: string[]): { problems: string[]; line: string };
};

type Status = 'passed' | 'failed' | 'pending' | 'todo' | 'skipped';

function results(suites: Array<{ name: string; status?: 'passed' | 'failed'; tests: Array<[string, Status]> }>) {
  const all = suites.flatMap((suite) => suite.tests);
  return {
    numPassedTests: all.filter(([, status]) => status === 'passed').length,
    numFailedTests: all.filter(([, status]) => status === 'failed').length,
    testResults: suites.map((suite) => ({
      name: suite.name,
      status: suite.status ?? (suite.tests.some(([, status]) => status === 'failed') ? 'failed' : 'passed'),
      assertionResults: suite.tests.map(([fullName, status]) => ({ fullName, status })),
    })),
  };
}

const unitAndIntegration = [
  { name: '/repo/domain/a.test.ts', tests: [['a works', 'passed']] as Array<[string, Status]> },
  { name: '/repo/test/b.int.test.ts', tests: [['b works', 'passed']] as Array<[string, Status]> },
];

describe('jest-counts: nothing is silently left out', () => {
  it('counts passed and failed tests', () => {
    const run = results([...unitAndIntegration, { name: '/repo/c.test.ts', tests: [['c fails', 'failed']] }]);
    expect(count(run, {})).toMatchObject({ passed: 2, failed: 1 });
  });

  it('counts a suite that could not run as a failure', () => {
    const run = results([...unitAndIntegration, { name: '/repo/d.int.test.ts', status: 'failed', tests: [] }]);
    expect(count(run, {})).toMatchObject({ passed: 2, failed: 1 });
  });

  it.each(['pending', 'todo', 'skipped'] as const)('counts a %s test as a failure unless a reason is listed', (status) => {
    const run = results([...unitAndIntegration, { name: '/repo/e.test.ts', tests: [['e later', status]] }]);
    expect(count(run, {})).toMatchObject({ passed: 2, failed: 1 });
    expect(count(run, {}).problems[0]).toContain('e later');
    expect(count(run, { 'e later': 'needs a GPU, which CI has not' })).toMatchObject({ passed: 2, failed: 0 });
    expect(count(run, { 'e later': '  ' })).toMatchObject({ failed: 1 });
  });

  it('fails a full run in which a project ran no test, but not a run narrowed to some files', () => {
    const run = results([unitAndIntegration[0]!]);
    expect(count(run, {})).toMatchObject({ passed: 1, failed: 1 });
    expect(count(run, {}).problems).toEqual(['jest project "integration" ran no test that passed']);
    expect(count(run, {}, { subset: true })).toMatchObject({ passed: 1, failed: 0 });
  });

  it('fails a narrowed run in which no test passed at all', () => {
    const run = results([{ name: '/repo/f.test.ts', tests: [] }]);
    expect(count(run, {}, { subset: true })).toMatchObject({ passed: 0, failed: 1, problems: ['no test passed in this run'] });
  });

  it('takes jest\'s word for a failed or interrupted run that no test shows', () => {
    expect(count({ ...results(unitAndIntegration), success: false }, {})).toMatchObject({ passed: 2, failed: 1 });
    expect(count({ ...results(unitAndIntegration), success: true, wasInterrupted: true }, {})).toMatchObject({ failed: 1, problems: ['jest was interrupted'] });
    expect(count({ ...results(unitAndIntegration), success: true }, {})).toMatchObject({ passed: 2, failed: 0 });
  });
});

describe('jest-counts on the command line: results it cannot count are a failure', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'jest-counts-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const withFile = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it.each([
    ['missing', () => path.join(dir, 'never-written.json'), 'no jest results'],
    ['empty', () => withFile('empty.json', ''), 'wrote no results'],
    ['not JSON', () => withFile('cut.json', '{"numPassedTests": 3, "testRes'), 'not JSON'],
    ['not jest\'s shape', () => withFile('other.json', '{"passed": 3}'), "does not hold jest's"],
  ])('counts %s results as one failure', (_, file, why) => {
    const { line, problems } = main([file()]);
    expect(line).toBe('0 1');
    expect(problems.join('\n')).toContain(why);
  });

  it('prints exactly one counts line, for good results and bad', () => {
    const good = withFile('good.json', JSON.stringify(results(unitAndIntegration)));
    const script = path.join(__dirname, 'jest-counts.js');
    for (const [file, expected] of [[good, '2 0'], [path.join(dir, 'absent.json'), '0 1']]) {
      const run = spawnSync(process.execPath, [script, file!], { encoding: 'utf8' });
      expect(run.status).toBe(0);
      expect(run.stdout).toBe(`${expected}\n`);
    }
  });
});
