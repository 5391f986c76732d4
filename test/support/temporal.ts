import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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

const REPO = path.resolve(__dirname, '../..');
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
  const file = path.join(BUNDLE_CACHE, `${sourcesHash()}.json`);
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

function sourcesHash(): string {
  const hash = createHash('sha256');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|json)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) files.push(full);
    }
  };
  for (const dir of BUNDLED_SOURCES) walk(path.join(REPO, dir));
  files.push(path.join(REPO, 'package-lock.json'));
  for (const file of files.sort()) hash.update(path.relative(REPO, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex').slice(0, 32);
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
