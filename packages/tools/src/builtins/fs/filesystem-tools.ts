import { constants } from 'node:fs';
import { lstat, open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigurationError } from '@agenticflow/core';
import { defineTool } from '../../define-tool.js';
import { PathDeniedError, QuotaExceededError } from '../../errors/builtin-errors.js';
import type { ApprovalPolicy, Tool } from '../../tool-types.js';
import { lazyZod } from '../../util/lazy-zod.js';
import { directorySize } from './directory-size.js';
import { FileJail } from './file-jail.js';

/** Options of {@link createFileSystemTools}. */
export interface FileSystemToolsOptions {
  /** The directory the tools are confined to; it must exist. */
  readonly root: string;
  /** Prefix of the tool names. @defaultValue 'fs' */
  readonly namespace?: string;
  /** Most bytes one read returns; longer files come back cut and flagged. @defaultValue 1_048_576 */
  readonly maxReadBytes?: number;
  /** Most bytes one write may write. @defaultValue 1_048_576 */
  readonly maxWriteBytes?: number;
  /** Most bytes all files under the root may hold after a write. @defaultValue unlimited */
  readonly quotaBytes?: number;
  /** Most entries one listing returns. @defaultValue 1_000 */
  readonly maxListEntries?: number;
  /** Include the write tool. @defaultValue true */
  readonly writable?: boolean;
  /** Approval policy of writes. @defaultValue 'never' */
  readonly writeApproval?: ApprovalPolicy<{ path: string; content: string }>;
}

/**
 * File tools jailed to `root`: `fs.read`, `fs.list` and (unless `writable: false`) `fs.write`. Each
 * call needs the grant `fs:read:<absolute path>` or `fs:write:<absolute path>` (grant a glob such
 * as `fs:read:/workspace/**`). Paths are checked by {@link FileJail}: `..`, absolute paths, URL
 * encoding, NUL bytes and symlinks out of the root are denied with `PATH_DENIED`.
 *
 * @example
 * ```ts
 * registry.register(createFileSystemTools({ root: '/workspace', quotaBytes: 50_000_000 }));
 * // caller grants: ['fs:read:/workspace/**', 'fs:write:/workspace/out/**']
 * ```
 */
export function createFileSystemTools(options: FileSystemToolsOptions): Tool[] {
  const z = lazyZod();
  const pathField = z
    .string()
    .min(1)
    .max(4_096)
    .describe('Path relative to the root, with "/" separators');
  const jail = new FileJail(options.root);
  const ns = options.namespace ?? 'fs';
  const maxReadBytes = limit(options.maxReadBytes ?? 1_048_576, 'maxReadBytes');
  const maxWriteBytes = limit(options.maxWriteBytes ?? 1_048_576, 'maxWriteBytes');
  const maxListEntries = limit(options.maxListEntries ?? 1_000, 'maxListEntries');
  const quotaBytes =
    options.quotaBytes === undefined ? undefined : limit(options.quotaBytes, 'quotaBytes');

  const read = defineTool({
    name: `${ns}.read`,
    description: `Reads a text file under the workspace root (at most ${maxReadBytes} bytes; longer files are cut and flagged).`,
    input: z.object({ path: pathField }),
    permissions: ({ path }) => [`fs:read:${jail.lexicalPath(path)}`],
    async execute({ path }) {
      const real = await jail.resolveExisting(path);
      const handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW);
      try {
        const stat = await handle.stat();
        if (!stat.isFile()) throw new PathDeniedError(path, 'it is not a regular file');
        const buffer = Buffer.alloc(Math.min(stat.size, maxReadBytes + 1));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
        const truncated = bytesRead > maxReadBytes || stat.size > maxReadBytes;
        const content = buffer.subarray(0, Math.min(bytesRead, maxReadBytes)).toString('utf8');
        return { path, content, bytes: stat.size, truncated };
      } finally {
        await handle.close();
      }
    },
  });

  const list = defineTool({
    name: `${ns}.list`,
    description: `Lists a directory under the workspace root (at most ${maxListEntries} entries).`,
    input: z.object({ path: pathField.default('.') }),
    permissions: ({ path }) => [`fs:read:${jail.lexicalPath(path)}`],
    async execute({ path }) {
      const real = await jail.resolveExisting(path);
      const entries = await readdir(real, { withFileTypes: true });
      const listed = await Promise.all(
        entries.slice(0, maxListEntries).map(async (entry) => ({
          name: entry.name,
          type: entry.isDirectory()
            ? 'directory'
            : entry.isFile()
              ? 'file'
              : entry.isSymbolicLink()
                ? 'symlink'
                : 'other',
          ...(entry.isFile() ? { bytes: (await lstat(join(real, entry.name))).size } : {}),
        })),
      );
      return { path, entries: listed, truncated: entries.length > maxListEntries };
    },
  });

  const write = defineTool({
    name: `${ns}.write`,
    description: `Writes a text file under the workspace root (at most ${maxWriteBytes} bytes), creating its directories.`,
    input: z.object({
      path: pathField,
      content: z.string(),
      mode: z
        .enum(['overwrite', 'append', 'create'])
        .default('overwrite')
        .describe('"create" fails if the file exists'),
    }),
    permissions: ({ path }) => [`fs:write:${jail.lexicalPath(path)}`],
    ...(options.writeApproval ? { approval: options.writeApproval } : {}),
    async execute({ path, content, mode }) {
      const bytes = Buffer.byteLength(content, 'utf8');
      if (bytes > maxWriteBytes) {
        throw new QuotaExceededError(
          `writing ${bytes} bytes to ${JSON.stringify(path)} is over the limit of ${maxWriteBytes} bytes per write: write less, or in parts with mode "append"`,
          { path, bytes, limit: maxWriteBytes },
        );
      }
      const target = await jail.resolveForWrite(path);
      if (quotaBytes !== undefined) {
        const current = await directorySize(jail.root);
        const replaced =
          mode === 'overwrite' ? ((await lstat(target).catch(() => undefined))?.size ?? 0) : 0;
        if (current - replaced + bytes > quotaBytes) {
          throw new QuotaExceededError(
            `writing ${bytes} bytes would bring the workspace to ${current - replaced + bytes} bytes, over its quota of ${quotaBytes}: delete files or write less`,
            { path, bytes, used: current, quota: quotaBytes },
          );
        }
      }
      const flags =
        constants.O_WRONLY |
        constants.O_CREAT |
        constants.O_NOFOLLOW |
        (mode === 'append'
          ? constants.O_APPEND
          : mode === 'create'
            ? constants.O_EXCL
            : constants.O_TRUNC);
      const handle = await open(target, flags, 0o644).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ELOOP')
          throw new PathDeniedError(path, 'it is a symlink, and writes never follow symlinks');
        if (error.code === 'EEXIST')
          throw new PathDeniedError(path, 'it already exists and mode is "create"');
        throw error;
      });
      try {
        await handle.writeFile(content, 'utf8');
      } finally {
        await handle.close();
      }
      return { path, bytes };
    },
  });

  return options.writable === false ? [read, list] : [read, list, write];
}

function limit(value: number, name: string): number {
  if (!Number.isInteger(value) || value <= 0) {
    throw new ConfigurationError(
      `filesystem option ${name} is ${String(value)}: it must be a positive integer`,
    );
  }
  return value;
}
