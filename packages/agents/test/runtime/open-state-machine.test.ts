import { collect, InMemoryEventStore } from '@agenticflow/core';
import { expectRejectedCode, uniqueStreamId } from '@agenticflow/core/testing';
import { describe, expect, it } from 'vitest';
import { defineStateMachine } from '../../src/runtime/define-state-machine.js';
import { openStateMachine } from '../../src/runtime/open-state-machine.js';

const door = defineStateMachine({
  name: 'door',
  initial: 'closed',
  eventType: 'door.transitioned',
  states: {
    closed: { open: 'opened', lock: 'locked' },
    opened: { close: 'closed' },
    locked: { unlock: 'closed' },
  },
  guards: {
    unlock: ({ payload }) =>
      (payload as { key?: string } | undefined)?.key === 'brass' || 'wrong key',
  },
});

const openings = {
  initial: 0,
  apply: (count: number, transition: { event: string }) =>
    transition.event === 'open' ? count + 1 : count,
};

describe('openStateMachine', () => {
  it('records each transition as an event and rebuilds state and context from them', async () => {
    const store = new InMemoryEventStore();
    const streamId = uniqueStreamId('door');
    const first = await openStateMachine(store, door, streamId, { context: openings });
    expect(first.state).toBe('closed');
    await first.send('open');
    await first.send('close');
    await first.send('open', { payload: { by: 'ada' }, metadata: { actor: 'ada' } });

    const events = await collect(store.readStream(streamId));
    expect(events.map((event) => [event.type, event.data])).toEqual([
      ['door.transitioned', { machine: 'door', from: 'closed', to: 'opened', event: 'open' }],
      ['door.transitioned', { machine: 'door', from: 'opened', to: 'closed', event: 'close' }],
      [
        'door.transitioned',
        { machine: 'door', from: 'closed', to: 'opened', event: 'open', payload: { by: 'ada' } },
      ],
    ]);
    expect(events[2]?.metadata.actor).toBe('ada');

    const rebuilt = await openStateMachine(store, door, streamId, { context: openings });
    expect(rebuilt.state).toBe('opened');
    expect(rebuilt.version).toBe(3);
    expect(rebuilt.context).toBe(2);
    expect(rebuilt.allowedEvents()).toEqual(['close']);
    expect(rebuilt.last?.data.event).toBe('open');
  });

  it('lets only one of two concurrent writers win, and refreshes the loser', async () => {
    const store = new InMemoryEventStore();
    const streamId = uniqueStreamId('door');
    const alice = await openStateMachine(store, door, streamId);
    const bob = await openStateMachine(store, door, streamId);
    const results = await Promise.allSettled([alice.send('open'), bob.send('lock')]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const loser = results[0]?.status === 'rejected' ? alice : bob;
    const winner = loser === alice ? bob : alice;
    await expectRejectedCode(
      Promise.reject(
        (results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason,
      ),
      'EXPECTED_VERSION_CONFLICT',
    );
    expect(loser.state).toBe(winner.state);
    expect(loser.version).toBe(1);
    expect(await collect(store.readStream(streamId))).toHaveLength(1);
  });

  it('writes nothing for an invalid or guarded-out transition', async () => {
    const store = new InMemoryEventStore();
    const streamId = uniqueStreamId('door');
    const machine = await openStateMachine(store, door, streamId);
    await expectRejectedCode(machine.send('close'), 'INVALID_TRANSITION');
    await machine.send('lock');
    const refused = await expectRejectedCode(
      machine.send('unlock', { payload: { key: 'tin' } }),
      'TRANSITION_REJECTED',
    );
    expect(refused.message).toContain('wrong key');
    await machine.send('unlock', { payload: { key: 'brass' } });
    expect(machine.state).toBe('closed');
    expect(machine.version).toBe(2);
  });

  it('ignores other events and other machines in the stream, but counts their versions', async () => {
    const store = new InMemoryEventStore();
    const streamId = uniqueStreamId('mixed');
    await store.append(streamId, [
      { type: 'note.written', data: { text: 'hi' } },
      {
        type: 'door.transitioned',
        data: { machine: 'other', from: 'x', to: 'y', event: 'go' },
      },
    ]);
    const machine = await openStateMachine(store, door, streamId);
    expect(machine.state).toBe('closed');
    expect(machine.version).toBe(2);
    await machine.send('open');
    expect(machine.version).toBe(3);
  });

  it('fails clearly when the stream holds a state the definition does not have', async () => {
    const store = new InMemoryEventStore();
    const streamId = uniqueStreamId('door');
    await store.append(streamId, [
      {
        type: 'door.transitioned',
        data: { machine: 'door', from: 'closed', to: 'ajar', event: 'nudge' },
      },
    ]);
    const error = await expectRejectedCode(
      openStateMachine(store, door, streamId),
      'VALIDATION_FAILED',
    );
    expect(error.message).toContain('"ajar" is not a state of the machine');
  });
});
