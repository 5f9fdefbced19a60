import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collect } from '@agenticflow/core';
import { createSqliteEventStore } from '@agenticflow/storage-sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import type { AgentState } from '../../src/runtime/agent-lifecycle.js';
import { readAgentState } from '../../src/runtime/read-agent-state.js';
import { startFixture } from '../support/child-process.js';

const fixture = new URL('./fixtures/agent-process.ts', import.meta.url);

describe('an agent process killed with SIGKILL and started again (SQLite file store)', () => {
  const directory = mkdtempSync(join(tmpdir(), 'agenticflow-agent-restart-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('rebuilds the agent state from its events and records the interruption', async () => {
    const filename = join(directory, 'events.db');
    const agentId = `counter-${process.pid}`;

    const first = startFixture(fixture, { filename, agentId, handle: 3, hang: true });
    const busyWith = await first.line('BUSY ');
    first.process.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');

    const store = await createSqliteEventStore({ filename });
    try {
      const left = await readAgentState(store, agentId);
      expect(left).toMatchObject({ status: 'busy', handled: 3, currentMessage: { id: busyWith } });

      const second = startFixture(fixture, { filename, agentId, handle: 2, hang: false });
      const found = JSON.parse(await second.line('FOUND ')) as AgentState;
      const started = JSON.parse(await second.line('STARTED ')) as AgentState;
      const done = JSON.parse(await second.line('DONE ')) as AgentState;
      expect((await second.exited).code).toBe(0);

      expect(found).toEqual(left);
      expect(started).toMatchObject({ status: 'ready', handled: 3, interruptions: 1, starts: 2 });
      expect(done).toMatchObject({ status: 'stopped', handled: 5, failedMessages: 0 });

      const events = await collect(store.readStream(`agent-${agentId}`));
      expect(events.map((event) => (event.data as { event: string }).event)).toEqual([
        'start',
        'started',
        'begin',
        'finish',
        'begin',
        'finish',
        'begin',
        'finish',
        'begin',
        'interrupt',
        'start',
        'started',
        'begin',
        'finish',
        'begin',
        'finish',
        'stop',
        'stopped',
      ]);
      expect(events[9]?.data).toMatchObject({
        from: 'busy',
        to: 'failed',
        payload: {
          previousStatus: 'busy',
          messageId: busyWith,
          previousInstanceId: `pid-${first.process.pid}`,
        },
      });
      expect(await readAgentState(store, agentId)).toEqual(done);
    } finally {
      await store.close();
    }
  });
});
