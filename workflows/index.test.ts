import { PROCESSES } from '../domain/processes';
import * as bundled from './index';

// The worker's bundle starts at workflows/index.ts: a registered process whose workflows are
// not exported there would be refused by the worker at its first start.
describe('the workflow bundle', () => {
  it('exports every workflow each registered process declares', () => {
    const missing = PROCESSES.flatMap((process) => process.workflows.filter((name) => typeof (bundled as Record<string, unknown>)[name] !== 'function').map((name) => `${process.id}: ${name}`));
    expect(missing).toEqual([]);
  });
});
