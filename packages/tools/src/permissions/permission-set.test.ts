import { expectThrownCode } from '@agenticflow/core/testing';
import { describe, expect, it } from 'vitest';
import { PermissionSet } from './permission-set.js';

describe('PermissionSet', () => {
  it('denies everything when the caller has no grants', () => {
    expect(new PermissionSet([]).allows('sql:read')).toBe(false);
  });

  it('matches ** across path segments and the directory itself', () => {
    const grants = new PermissionSet(['fs:read:/workspace/**']);
    expect(grants.allows('fs:read:/workspace/a/b/c.md')).toBe(true);
    expect(grants.allows('fs:read:/workspace')).toBe(true);
    expect(grants.allows('fs:read:/workspace-evil/a.md')).toBe(false);
    expect(grants.allows('fs:read:/etc/passwd')).toBe(false);
    expect(grants.allows('fs:write:/workspace/a.md')).toBe(false);
  });

  it('matches * within one path segment only', () => {
    const grants = new PermissionSet(['fs:read:/workspace/*.md']);
    expect(grants.allows('fs:read:/workspace/notes.md')).toBe(true);
    expect(grants.allows('fs:read:/workspace/sub/notes.md')).toBe(false);
  });

  it('matches host globs label by label, case-insensitively', () => {
    const grants = new PermissionSet(['net:fetch:*.example.com', 'net:fetch:api.example.org']);
    expect(grants.allows('net:fetch:API.example.com')).toBe(true);
    expect(grants.allows('net:fetch:a.b.example.com')).toBe(false);
    expect(grants.allows('net:fetch:example.com.evil.net')).toBe(false);
    expect(grants.allows('net:fetch:api.example.org')).toBe(true);
  });

  it('treats a grant without resource as covering only the bare permission', () => {
    const grants = new PermissionSet(['sql:read', 'proc:exec:git']);
    expect(grants.allows('sql:read')).toBe(true);
    expect(grants.allows('sql:write')).toBe(false);
    expect(grants.allows('proc:exec:git')).toBe(true);
    expect(grants.allows('proc:exec:rm')).toBe(false);
  });

  it('accepts * as domain or action', () => {
    expect(new PermissionSet(['fs:*:/tmp/**']).allows('fs:write:/tmp/x')).toBe(true);
    expect(new PermissionSet(['*:*:**']).allows('net:fetch:anything')).toBe(true);
  });

  it('matches the required permission literally, so glob characters in it grant nothing', () => {
    const grants = new PermissionSet(['fs:read:/workspace/a*']);
    expect(grants.allows('fs:read:/workspace/a*')).toBe(true);
    expect(new PermissionSet(['fs:read:/workspace/a.md']).allows('fs:read:/workspace/*')).toBe(
      false,
    );
  });

  it('lists every missing permission once, in order', () => {
    const grants = new PermissionSet(['sql:read']);
    expect(grants.missing(['fs:read:/a', 'sql:read', 'fs:read:/a', 'net:fetch:x'])).toEqual([
      'fs:read:/a',
      'net:fetch:x',
    ]);
  });

  it('rejects a malformed grant with VALIDATION_FAILED naming it', () => {
    const error = expectThrownCode(
      () => new PermissionSet(['read everything']),
      'VALIDATION_FAILED',
    );
    expect(error.message).toContain('read everything');
  });
});
