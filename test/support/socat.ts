import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface PtyPair {
  /** Two pseudo-terminal paths wired back to back, like a null-modem cable. */
  a: string;
  b: string;
  close(): Promise<void>;
}

const READY_TIMEOUT_MS = 5000;
const POLL_MS = 10;

/** Starts `socat` with two linked ptys in a fresh temp dir; close() stops it and cleans up. */
export async function openPtyPair(): Promise<PtyPair> {
  const dir = await mkdtemp(path.join(tmpdir(), 'gridflow-pty-'));
  const a = path.join(dir, 'a');
  const b = path.join(dir, 'b');
  const socat = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  let spawnError: NodeJS.ErrnoException | undefined;
  socat.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  socat.on('error', (error) => (spawnError = error));

  const close = async () => {
    await stop(socat);
    await rm(dir, { recursive: true, force: true });
  };

  const givingUpAt = Date.now() + READY_TIMEOUT_MS;
  const startupProblem = (): string | undefined => {
    if (spawnError?.code === 'ENOENT') return 'socat is not installed; the serial integration tests need it (apt-get install socat)';
    if (spawnError) return `socat failed to start: ${spawnError.message}`;
    if (socat.exitCode !== null) return `socat exited with code ${socat.exitCode}: ${stderr}`;
    if (Date.now() > givingUpAt) return `socat did not create its ptys within ${READY_TIMEOUT_MS} ms: ${stderr}`;
    return undefined;
  };

  for (;;) {
    const problem = startupProblem();
    if (problem) {
      await close();
      throw new Error(problem);
    }
    if (existsSync(a) && existsSync(b)) return { a, b, close };
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function stop(socat: ChildProcess): Promise<void> {
  if (socat.pid === undefined || socat.exitCode !== null || socat.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    socat.once('exit', () => resolve());
    socat.kill('SIGTERM');
  });
}
