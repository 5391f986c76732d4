import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../../test/support/temporal';

// Histories recorded from earlier versions of the human step must replay on today's code,
// or running cases would fail their next workflow task after a deploy.
const HISTORIES = path.join(__dirname, 'histories');

const fixtures = readdirSync(HISTORIES).filter((file) => file.endsWith('.json'));

it('has recorded histories to replay', () => {
  // Two from the code before completions could fail for good (a finished step, one wedged by a
  // NUL) and one of the reopen path that replaced the wedge.
  expect(fixtures).toEqual(expect.arrayContaining(['manual-reconnection-before-reopen.json', 'manual-reconnection-wedged-by-nul.json', 'manual-reconnection-reopened-after-failed-write.json']));
});

it.each(fixtures)('replays %s without nondeterminism', async (file) => {
  // fromObject reads what JSON.stringify(fetchHistory()) wrote; the SDK's historyFromJSON
  // fails here because @temporalio/common carries its own protobufjs major.
  const history = temporal.api.history.v1.History.fromObject(JSON.parse(readFileSync(path.join(HISTORIES, file), 'utf8')));
  const results = Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, [{ workflowId: file, history }]);
  for await (const result of results) {
    expect(result.error).toBeUndefined();
  }
});
