import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../../test/support/temporal';
import { historyFromFixture } from './histories/fixture';

// Histories recorded by histories/record.ts must replay against today's workflows, or running
// ones would break: a case, its batch, a deferred batch and a reconnection from the code
// before issue 8 (*.json), the failed-batch paths from the code after it (*.failed-batches.json),
// and reconnections with nothing to do from the code that opened a case for them (*.not-needed.json).
const dir = path.join(__dirname, 'histories');
const fixtures = readdirSync(dir).filter((file) => file.endsWith('.json'));

describe('recorded disconnection and reconnection histories', () => {
  it('has fixtures to replay', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(10);
  });

  it.each(fixtures)('replays %s without nondeterminism', async (file) => {
    const history = historyFromFixture(readFileSync(path.join(dir, file), 'utf8'));
    await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, file)).resolves.toBeUndefined();
  });
});
