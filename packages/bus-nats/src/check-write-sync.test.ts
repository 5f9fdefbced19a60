import { expectThrownCode } from '@agenticflow/core/testing';
import { describe, expect, it, vi } from 'vitest';
import { enforceDurableMode, type WriteSyncFacts, writeSyncProblem } from './check-write-sync.js';

const base: WriteSyncFacts = {
  servers: 'nats://h:4222',
  serverVersion: '2.10.22',
  stream: 'AF',
  storage: 'file',
  varz: { sync_always: true },
};

describe('writeSyncProblem', () => {
  it('accepts a file stream on a server that syncs every write', () => {
    expect(writeSyncProblem(base)).toBeUndefined();
    expect(writeSyncProblem({ ...base, serverVersion: '3.0.0' })).toBeUndefined();
  });

  it('refuses servers older than 2.10, which cannot sync every write', () => {
    for (const serverVersion of ['2.9.10', '2.2.0', '1.4.1']) {
      expect(writeSyncProblem({ ...base, serverVersion })).toMatch(
        new RegExp(
          `nats-server ${serverVersion.replaceAll('.', '\\.')} at nats://h:4222 cannot fsync every write .*2 minutes`,
        ),
      );
    }
  });

  it('refuses a server configured with a sync interval, naming it', () => {
    const problem = writeSyncProblem({ ...base, varz: { sync_interval: 60e9 } });
    expect(problem).toMatch(/fsyncs every 60 s, not on every write.*sync_interval: always/);
    expect(writeSyncProblem({ ...base, varz: {} })).toMatch(/every 2 minutes by default/);
  });

  it('refuses when the server configuration cannot be read, saying why', () => {
    expect(writeSyncProblem({ ...base, varz: undefined, varzProblem: 'give monitorUrl' })).toBe(
      'cannot tell whether nats-server 2.10.22 at nats://h:4222 fsyncs every write: give monitorUrl',
    );
  });

  it('refuses a stream kept in memory whatever the server', () => {
    expect(writeSyncProblem({ ...base, storage: 'memory' })).toMatch(/stream AF is kept in memory/);
  });
});

describe('enforceDurableMode', () => {
  const unsynced = { ...base, serverVersion: '2.9.10', stream: 'ENFORCE' };

  it("throws INVALID_CONFIGURATION under 'require'", () => {
    const error = expectThrownCode(
      () => enforceDurableMode('require', unsynced),
      'INVALID_CONFIGURATION',
    );
    expect(error.message).toMatch(/^durableMode 'require' refuses to start: nats-server 2\.9\.10/);
  });

  it("warns once per server and stream under 'warn', and does nothing under 'off'", () => {
    const emit = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    try {
      enforceDurableMode('off', unsynced);
      expect(emit).not.toHaveBeenCalled();
      enforceDurableMode('warn', unsynced);
      enforceDurableMode('warn', unsynced);
      expect(emit).toHaveBeenCalledTimes(1);
      expect(emit.mock.calls[0]![1]).toEqual({ code: 'AGENTICFLOW_NATS_WRITES_NOT_SYNCED' });
      enforceDurableMode('warn', base);
      expect(emit).toHaveBeenCalledTimes(1);
    } finally {
      emit.mockRestore();
    }
  });
});
