import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A database path in a fresh temporary directory, and the directory's removal. */
export function tempDatabaseFile(prefix: string): { path: string; remove(): void } {
  const directory = mkdtempSync(join(tmpdir(), `${prefix}-`));
  return {
    path: join(directory, 'bench.db'),
    remove: () => rmSync(directory, { recursive: true, force: true }),
  };
}
