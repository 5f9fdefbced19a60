import { ConfigurationError, hasErrorCode } from '@agenticflow/core';
import type { ToolCaller } from '@agenticflow/tools';
import type { CallScope, Toolbox } from '../toolbox.js';
import { IgnoreRules } from './ignore-rules.js';

/** A file found by {@link walkRepository}. */
export interface WalkedFile {
  /** Relative to the root, `/`-separated. */
  readonly path: string;
  readonly bytes: number;
}

interface ListEntry {
  readonly name: string;
  readonly type: 'directory' | 'file' | 'symlink' | 'other';
  readonly bytes?: number;
}

interface ListOutput {
  readonly entries: readonly ListEntry[];
  readonly truncated: boolean;
}

export interface ReadOutput {
  readonly content: string;
  readonly bytes: number;
  readonly truncated: boolean;
}

/**
 * Lists every regular file under the root through the `fs.list` tool, skipping what
 * {@link IgnoreRules} ignores (the built-in directories and the root `.gitignore`). Symlinks are
 * not followed. Files come back sorted by path.
 */
export async function walkRepository(
  toolbox: Toolbox,
  caller: ToolCaller,
  scope: CallScope,
  extraSkipped: readonly string[] = [],
): Promise<{ files: WalkedFile[]; rules: IgnoreRules }> {
  const gitignore = await readText(toolbox, caller, scope, '.gitignore');
  const rules = new IgnoreRules(gitignore?.content ?? '', extraSkipped);
  const files: WalkedFile[] = [];
  const pending = ['.'];
  while (pending.length > 0) {
    const directory = pending.pop()!;
    const listing = await toolbox.call<ListOutput>(caller, 'fs.list', { path: directory }, scope);
    if (listing.truncated)
      throw new ConfigurationError(
        `directory ${JSON.stringify(directory)} has more entries than fs.list returns in one call: raise maxListEntries in toolbox.ts`,
      );
    for (const entry of listing.entries) {
      const path = directory === '.' ? entry.name : `${directory}/${entry.name}`;
      if (entry.type === 'directory') {
        if (!rules.ignores(path, true)) pending.push(path);
      } else if (entry.type === 'file' && !rules.ignores(path, false)) {
        files.push({ path, bytes: entry.bytes ?? 0 });
      }
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, rules };
}

/** Reads a file through `fs.read`; undefined when it does not exist. */
export async function readText(
  toolbox: Toolbox,
  caller: ToolCaller,
  scope: CallScope,
  path: string,
): Promise<ReadOutput | undefined> {
  try {
    return await toolbox.call<ReadOutput>(caller, 'fs.read', { path }, scope);
  } catch (error) {
    if (hasErrorCode(error, 'NOT_FOUND')) return undefined;
    throw error;
  }
}

/** Whether content looks binary: a NUL byte in its first 8 KiB, as git decides. */
export function isBinary(content: string): boolean {
  return content.slice(0, 8_192).includes('\u0000');
}

/** `.ts`, `.md`…, or `(none)`; a leading dot alone (`.gitignore`) is not an extension. */
export function extensionOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot).toLowerCase() : '(none)';
}
