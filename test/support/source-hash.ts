import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const REPO = path.resolve(__dirname, '../..');

/**
 * A hash of the repository's source files under `dirs` (tests left out) and of `files`, by path
 * and content: what a cache of something built from them (a workflow bundle, a migrated
 * template database) is keyed by, so any change to them builds afresh.
 */
export function hashSources(dirs: string[], files: string[] = []): string {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|json|sql)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) found.push(full);
    }
  };
  for (const dir of dirs) walk(path.join(REPO, dir));
  found.push(...files.map((file) => path.join(REPO, file)));
  const hash = createHash('sha256');
  for (const file of found.sort()) hash.update(path.relative(REPO, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex').slice(0, 32);
}
