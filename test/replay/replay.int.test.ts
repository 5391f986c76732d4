import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../support/temporal';
import { FIXTURES_DIR, fixtureFiles, historyFromFixture, WORKFLOW_KINDS, workflowTypeOf } from './fixture';

// Every recorded history (scripts/record-histories.ts, some from code long replaced) must replay
// against today's workflows, or running workflows would fail their next task after a deploy.
// A change that alters the commands a recorded history reached needs patched():
// docs/workflow-changes.md.
const files = WORKFLOW_KINDS.flatMap(fixtureFiles);
const histories = files.map((file) => ({ file, history: historyFromFixture(readFileSync(path.join(FIXTURES_DIR, file), 'utf8')) }));
const failures = new Map<string, string>();

beforeAll(async () => {
  // One replay worker and one bundle for all of them; the file is the id each result comes back with.
  const results = Worker.runReplayHistories(
    { workflowBundle: await workflowBundle() },
    histories.map(({ file, history }) => ({ workflowId: file, history })),
  );
  const replayed = new Set<string>();
  for await (const result of results) {
    replayed.add(result.workflowId);
    if (result.error) failures.set(result.workflowId, `${result.error.name}: ${result.error.message}`);
  }
  for (const file of files) if (!replayed.has(file)) failures.set(file, 'not replayed');
}, 120_000);

describe('recorded workflow histories', () => {
  it.each(WORKFLOW_KINDS)('has a happy path and a branch of %s to replay', (kind) => {
    expect(fixtureFiles(kind).length).toBeGreaterThanOrEqual(2);
  });

  it.each(histories.map(({ file, history }) => [file, workflowTypeOf(history)] as const))('%s is a history of its folder\'s workflow', (file, type) => {
    expect(type).toBe(path.dirname(file));
  });

  it.each(files)('replays %s without nondeterminism', (file) => {
    const failure = failures.get(file);
    if (failure) throw new Error(`${file} no longer replays: ${failure}`);
  });
});
