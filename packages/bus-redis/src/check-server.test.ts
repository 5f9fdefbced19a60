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

  it('accepts Redis 6.2 and newer on a connection speaking the protocol asked for', () => {
    assertSupportedServer(facts, 'redis://h:6379', 2);
    assertSupportedServer({ ...facts, version: '6.2.0', resp: 3 }, 'redis://h:6379', 3);
  });

  it('accepts any protocol on a client the user passed, and an unknown protocol', () => {
    assertSupportedServer({ ...facts, resp: 2 }, 'redis://h:6379', undefined);
    assertSupportedServer({ ...facts, resp: 3 }, 'redis://h:6379', undefined);
    assertSupportedServer({ ...facts, resp: undefined }, 'redis://h:6379', 3);
  });

  it('refuses a server older than 6.2 with INVALID_CONFIGURATION naming the version', () => {
    const error = expectThrownCode(
      () => assertSupportedServer({ ...facts, version: '6.0.9' }, 'redis://h:6379', 2),
      'INVALID_CONFIGURATION',
    );
    expect(error.message).toContain('version 6.0.9');
    expect(error.message).toContain('6.2 or newer');
  });

  it('refuses a connection that fell back to RESP2 when RESP3 was asked for, saying what to set', () => {
    const error = expectThrownCode(
      () => assertSupportedServer({ ...facts, resp: 2 }, 'redis://h:6379', 3),
      'INVALID_CONFIGURATION',
    );
    expect(error.message).toContain('protocol is 3');
    expect(error.message).toContain('redis://h:6379 speaks RESP2');
    expect(error.message).toContain('Set protocol: 2');
    expect(error.details).toMatchObject({ protocol: 3, resp: 2 });
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
