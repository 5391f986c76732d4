import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../../test/support/temporal';
import { historyFromFixture } from './histories/fixture';

// Histories recorded from earlier code (histories/record.ts): a case, its batch, a deferred
// batch and a reconnection must replay against today's workflows, or running ones would break.
const dir = path.join(__dirname, 'histories');
const fixtures = readdirSync(dir).filter((file) => file.endsWith('.json'));

describe('recorded disconnection and reconnection histories', () => {
  it('has fixtures to replay', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(4);
  });

  it.each(fixtures)('replays %s without nondeterminism', async (file) => {
    const history = historyFromFixture(readFileSync(path.join(dir, file), 'utf8'));
    await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, file)).resolves.toBeUndefined();
  });
});
