import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectRejectedCode, expectThrownCode } from '@agenticflow/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ToolExecutor } from '../../executor/tool-executor.js';
import { ToolRegistry } from '../../tool-registry.js';
import { FileJail } from './file-jail.js';
import { createFileSystemTools } from './filesystem-tools.js';

let base: string;
let root: string;
let outside: string;
let executor: ToolExecutor;
let caller: { id: string; grants: string[] };

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'af-fs-'));
  root = join(base, 'workspace');
  outside = join(base, 'secret');
  mkdirSync(join(root, 'notes'), { recursive: true });
  mkdirSync(outside);
  mkdirSync(`${root}-evil`);
  writeFileSync(join(root, 'notes', 'a.md'), 'hello');
  writeFileSync(join(outside, 'passwd'), 'root:x:0:0');
  writeFileSync(`${root}-evil/x.txt`, 'evil');
  symlinkSync(join(outside, 'passwd'), join(root, 'link-out'));
  symlinkSync(outside, join(root, 'dir-out'));
  symlinkSync(join(root, 'notes', 'a.md'), join(root, 'link-in'));
  const registry = new ToolRegistry();
  registry.register(
    createFileSystemTools({ root, maxReadBytes: 1_000, maxWriteBytes: 2_000, quotaBytes: 5_000 }),
  );
  executor = new ToolExecutor({ registry });
  caller = { id: 'agent', grants: [`fs:read:${root}/**`, `fs:write:${root}/**`] };
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

const read = (path: string) => executor.execute('fs.read', { path }, { caller });
const write = (path: string, content: string, mode?: string) =>
  executor.execute('fs.write', { path, content, ...(mode ? { mode } : {}) }, { caller });

describe('filesystem tools', () => {
  it('reads and lists inside the root', async () => {
    expect((await read('notes/a.md')).output).toMatchObject({ content: 'hello', truncated: false });
    expect((await read('./notes//a.md')).output).toMatchObject({ content: 'hello' });
    expect((await read('link-in')).output).toMatchObject({ content: 'hello' });
    const listing = await executor.execute('fs.list', { path: 'notes' }, { caller });
    expect(listing.output).toMatchObject({ entries: [{ name: 'a.md', type: 'file', bytes: 5 }] });
  });

  it.each([
    ['../ traversal', '../secret/passwd'],
    ['../ in the middle', 'notes/../../secret/passwd'],
    ['an absolute path', '/etc/passwd'],
    ['an absolute path under /workspace', '/workspace/notes/a.md'],
    ['encoded dots', '%2e%2e/secret/passwd'],
    ['double-encoded dots', '%252e%252e/secret/passwd'],
    ['a NUL byte', 'notes/a.md\u0000.png'],
    ['a backslash', '..\\secret\\passwd'],
    ['a Windows drive', 'C:/Windows/win.ini'],
    ['a symlink pointing out', 'link-out'],
    ['a path through a symlinked directory pointing out', 'dir-out/passwd'],
  ])('denies %s with PATH_DENIED', async (_, path) => {
    await expectRejectedCode(read(path), 'PATH_DENIED');
  });

  it('denies writes through a symlink or a symlinked directory', async () => {
    await expectRejectedCode(write('link-out', 'pwned'), 'PATH_DENIED');
    await expectRejectedCode(write('dir-out/new.txt', 'pwned'), 'PATH_DENIED');
    await expectRejectedCode(write('../secret/new.txt', 'pwned'), 'PATH_DENIED');
    expect(readFileSync(join(outside, 'passwd'), 'utf8')).toBe('root:x:0:0');
  });

  it('uses a separator-aware prefix check, so a sibling with the same prefix is outside', () => {
    const jail = new FileJail(root);
    expect(jail.contains(`${root}-evil/x.txt`)).toBe(false);
    expect(jail.contains(`${root}/x.txt`)).toBe(true);
    expect(jail.contains(root)).toBe(true);
  });

  it('writes, appends and creates files, creating directories inside the root', async () => {
    await write('out/deep/r.txt', 'one');
    await write('out/deep/r.txt', '+two', 'append');
    expect(readFileSync(join(root, 'out/deep/r.txt'), 'utf8')).toBe('one+two');
    await expectRejectedCode(write('out/deep/r.txt', 'again', 'create'), 'PATH_DENIED');
  });

  it('enforces the per-write limit and the workspace quota with QUOTA_EXCEEDED', async () => {
    await expectRejectedCode(write('big.txt', 'x'.repeat(2_001)), 'QUOTA_EXCEEDED');
    await write('q1.txt', 'x'.repeat(2_000));
    await write('q2.txt', 'x'.repeat(2_000));
    await expectRejectedCode(write('q3.txt', 'x'.repeat(2_000)), 'QUOTA_EXCEEDED');
    await write('q2.txt', 'x'.repeat(1_000));
  });

  it('cuts reads at maxReadBytes and flags them', async () => {
    writeFileSync(join(root, 'long.txt'), 'y'.repeat(5_000));
    expect((await read('long.txt')).output).toMatchObject({
      bytes: 5_000,
      truncated: true,
      content: 'y'.repeat(1_000),
    });
  });

  it('needs a grant for the exact path', async () => {
    const reader = { id: 'reader', grants: [`fs:read:${root}/notes/**`] };
    await executor.execute('fs.read', { path: 'notes/a.md' }, { caller: reader });
    const error = await expectRejectedCode(
      executor.execute('fs.read', { path: 'long.txt' }, { caller: reader }),
      'PERMISSION_DENIED',
    );
    expect(error.details.missing).toEqual([`fs:read:${root}/long.txt`]);
    await expectRejectedCode(
      executor.execute('fs.write', { path: 'notes/b.md', content: '' }, { caller: reader }),
      'PERMISSION_DENIED',
    );
  });

  it('reports a missing file as NOT_FOUND', async () => {
    await expectRejectedCode(read('notes/none.md'), 'NOT_FOUND');
  });

  it('refuses a root that does not exist', () => {
    expectThrownCode(
      () => createFileSystemTools({ root: join(base, 'nope') }),
      'INVALID_CONFIGURATION',
    );
  });
});
