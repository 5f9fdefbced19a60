import { expectThrownCode } from '@agenticflow/core/testing';
import { describe, expect, it } from 'vitest';
import {
  assertSupportedServer,
  durabilityProblems,
  parseInfo,
  type ServerFacts,
} from './check-server.js';

const facts: ServerFacts = {
  version: '7.0.15',
  resp: 2,
  appendOnly: true,
  appendFsync: 'always',
  maxmemoryPolicy: 'noeviction',
};

describe('server checks', () => {
  it('reads key:value lines of INFO and skips section headers', () => {
    const info = parseInfo(
      '# Server\r\nredis_version:7.0.15\r\n\r\n# Persistence\r\naof_enabled:1\r\n',
    );
    expect(info.get('redis_version')).toBe('7.0.15');
    expect(info.get('aof_enabled')).toBe('1');
    expect(info.has('# Server')).toBe(false);
  });

  it('accepts Redis 6.2 and newer on a RESP2 connection', () => {
    assertSupportedServer(facts, 'redis://h:6379');
    assertSupportedServer({ ...facts, version: '6.2.0' }, 'redis://h:6379');
  });

  it('refuses a server older than 6.2 with INVALID_CONFIGURATION naming the version', () => {
    const error = expectThrownCode(
      () => assertSupportedServer({ ...facts, version: '6.0.9' }, 'redis://h:6379'),
      'INVALID_CONFIGURATION',
    );
    expect(error.message).toContain('version 6.0.9');
    expect(error.message).toContain('6.2 or newer');
  });

  it('refuses a connection speaking RESP3, which ioredis cannot parse', () => {
    const error = expectThrownCode(
      () => assertSupportedServer({ ...facts, resp: 3 }, 'redis://h:6379'),
      'INVALID_CONFIGURATION',
    );
    expect(error.message).toContain('RESP3');
    expect(error.message).toContain('RESP2 only');
  });

  it('finds no durability problem with appendonly yes and a non-evicting policy', () => {
    expect(durabilityProblems(facts)).toEqual([]);
    expect(durabilityProblems({ ...facts, maxmemoryPolicy: 'volatile-lru' })).toEqual([]);
  });

  it('names appendonly no and an allkeys eviction policy as ways to lose messages', () => {
    const problems = durabilityProblems({
      ...facts,
      appendOnly: false,
      maxmemoryPolicy: 'allkeys-lru',
    });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain('appendonly is "no"');
    expect(problems[1]).toContain('allkeys-lru');
  });
});
