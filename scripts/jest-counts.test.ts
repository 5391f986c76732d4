// eslint-disable-next-line @typescript-eslint/no-require-imports
const { count } = require('./jest-counts') as {
  count(results: unknown, allowedSkips: Record<string, string>, options?: { subset?: boolean }): { passed: number; failed: number; problems: string[] };
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
});
