import { existsSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';

const TOOLS = path.resolve(__dirname, '../../.tools/bin');

/** The pinned binary from the project's venv, or the SDK's own download when it is absent. */
function server(binary: 'temporal' | 'temporal-test-server') {
  const file = path.join(TOOLS, binary);
  return existsSync(file) ? { executable: { type: 'existing-path' as const, path: file } } : {};
}

/** For the 2-hour and 15-minute timers. */
export function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({ server: server('temporal-test-server') });
}

/** A real dev server: schedules, search attributes, visibility. */
export function createLocalEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({ server: { ...server('temporal'), ip: '127.0.0.1' } });
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/** Bundling takes seconds; do it once per test file. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: quietLogger });
  return bundle;
}

const quietLogger = {
  log() {},
  trace() {},
  debug() {},
  info() {},
  warn(message: string) {
    console.warn(message);
  },
  error(message: string) {
    console.error(message);
  },
};
