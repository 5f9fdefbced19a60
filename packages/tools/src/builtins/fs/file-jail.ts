import { realpathSync, statSync } from 'node:fs';
import { lstat, mkdir, realpath } from 'node:fs/promises';
import { dirname, sep } from 'node:path';
import { ConfigurationError, NotFoundError } from '@agenticflow/core';
import { PathDeniedError } from '../../errors/builtin-errors.js';

const MAX_PATH_LENGTH = 4_096;
const PERCENT_ENCODED = /%[0-9a-f]{2}/i;
const WINDOWS_ABSOLUTE = /^[a-z]:/i;

/**
 * Confines paths to a root directory. Paths are relative to the root and checked twice: lexically
 * (no NUL byte, backslash, URL encoding, absolute path or `..` segment), then by their real path
 * (symlinks resolved) with a separator-aware prefix check, so `/root-evil` is not inside `/root`
 * and a symlink pointing out of the root is denied.
 *
 * It defends against the paths a model asks for. It does not defend against another local process
 * that swaps a checked directory for a symlink between the check and the open (only the last path
 * component is opened with `O_NOFOLLOW`): do not share the root with untrusted local users.
 */
export class FileJail {
  /** The root's real path. */
  readonly root: string;

  /** Throws `INVALID_CONFIGURATION` unless `root` is an existing directory. */
  constructor(root: string) {
    try {
      this.root = realpathSync(root);
      if (!statSync(this.root).isDirectory()) throw new Error('not a directory');
    } catch (error) {
      throw new ConfigurationError(
        `the filesystem root ${JSON.stringify(root)} must be an existing directory (${(error as Error).message}): create it first`,
        { cause: error },
      );
    }
  }

  /**
   * The absolute path `relative` names inside the root, checked lexically only; it is what
   * permissions are granted on (`fs:read:<root>/notes/a.md`). Throws `PATH_DENIED`.
   */
  lexicalPath(relative: string): string {
    const deny = (reason: string) => new PathDeniedError(relative, reason);
    if (
      typeof relative !== 'string' ||
      relative.length === 0 ||
      relative.length > MAX_PATH_LENGTH
    ) {
      throw deny(`a path must have 1 to ${MAX_PATH_LENGTH} characters`);
    }
    if (relative.includes('\u0000')) throw deny('it contains a NUL byte');
    if (relative.includes('\\')) throw deny('use "/" as the separator, not "\\"');
    if (PERCENT_ENCODED.test(relative)) throw deny('it looks URL-encoded: give the decoded path');
    if (relative.startsWith('/') || WINDOWS_ABSOLUTE.test(relative)) {
      throw deny('absolute paths are not allowed: give a path relative to the root');
    }
    const segments = relative.split('/').filter((segment) => segment !== '' && segment !== '.');
    if (segments.includes('..'))
      throw deny('".." segments are not allowed: give a path inside the root');
    return segments.length === 0 ? this.root : `${this.root}${sep}${segments.join(sep)}`;
  }

  /** True when `real` is the root or inside it. */
  contains(real: string): boolean {
    return (
      real === this.root || real.startsWith(this.root.endsWith(sep) ? this.root : this.root + sep)
    );
  }

  /** The real path of an existing entry, which must be inside the root. */
  async resolveExisting(relative: string): Promise<string> {
    const lexical = this.lexicalPath(relative);
    let real: string;
    try {
      real = await realpath(lexical);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new NotFoundError(
          `${JSON.stringify(relative)} does not exist under the root: list the directory to see what does`,
          { cause: error },
        );
      }
      throw error;
    }
    if (!this.contains(real)) {
      throw new PathDeniedError(
        relative,
        'it resolves (through a symlink) to a place outside the root',
      );
    }
    return real;
  }

  /**
   * The path to write `relative` at: its parent directories are created inside the root, and the
   * entry itself must not be a symlink.
   */
  async resolveForWrite(relative: string): Promise<string> {
    const lexical = this.lexicalPath(relative);
    if (lexical === this.root) throw new PathDeniedError(relative, 'the root itself is not a file');
    const parent = dirname(lexical);
    await this.ensureDirectory(parent, relative);
    const realParent = await realpath(parent);
    if (!this.contains(realParent)) {
      throw new PathDeniedError(
        relative,
        'its directory resolves (through a symlink) to a place outside the root',
      );
    }
    const target = `${realParent}${sep}${lexical.slice(parent.length + 1)}`;
    const existing = await lstat(target).catch(() => undefined);
    if (existing?.isSymbolicLink()) {
      throw new PathDeniedError(relative, 'it is a symlink, and writes never follow symlinks');
    }
    return target;
  }

  private async ensureDirectory(directory: string, relative: string): Promise<void> {
    // Find the deepest existing ancestor and check it before creating anything below it.
    let existing = directory;
    while (!(await lstat(existing).catch(() => undefined))) existing = dirname(existing);
    const real = await realpath(existing);
    if (!this.contains(real)) {
      throw new PathDeniedError(
        relative,
        'its directory resolves (through a symlink) to a place outside the root',
      );
    }
    if (existing !== directory) await mkdir(directory, { recursive: true });
  }
}
