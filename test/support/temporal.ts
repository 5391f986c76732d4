import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hashSources, REPO } from './source-hash';
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

/** Where bundles are kept between test files of one run (and runs), by the hash of what goes into them. */
const BUNDLE_CACHE = path.join(REPO, 'node_modules/.cache/gridflow-workflow-bundles');
/** Everything a workflow can import from this repository, and the locked dependencies. */
const BUNDLED_SOURCES = ['workflows', 'domain', 'activities', 'hardware', 'db'];

/**
 * Bundling takes seconds (about 3 s here) and every file with a worker needs it: the first
 * file of a run bundles, the rest read the same code from disk. The key hashes every source
 * file a workflow could import (tests left out) and package-lock.json, so a change to any of
 * them bundles afresh.
 */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= cachedBundle();
  return bundle;
}

async function cachedBundle(): Promise<WorkflowBundleWithSourceMap> {
  const file = path.join(BUNDLE_CACHE, `${hashSources(BUNDLED_SOURCES, ['package-lock.json'])}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as WorkflowBundleWithSourceMap;
  const made = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: quietLogger });
  mkdirSync(BUNDLE_CACHE, { recursive: true });
  // Written whole, then renamed: a concurrent reader never sees half a bundle.
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, JSON.stringify(made));
  renameSync(partial, file);
  // Bundles of code since changed are of no further use.
  for (const old of readdirSync(BUNDLE_CACHE)) if (old !== path.basename(file) && old.endsWith('.json')) rmSync(path.join(BUNDLE_CACHE, old), { force: true });
  return made;
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
