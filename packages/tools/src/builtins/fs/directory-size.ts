import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Total size in bytes of the regular files under `directory`, symlinks not followed. */
export async function directorySize(directory: string): Promise<number> {
  let total = 0;
  const entries = await readdir(directory, { withFileTypes: true });
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) total += await directorySize(path);
    else if (entry.isFile()) total += (await lstat(path)).size;
  }
  return total;
}
