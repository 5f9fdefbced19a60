import { randomBytes } from 'node:crypto';
import { InMemoryEventStore } from '@agenticflow/core';
import { expectRejectedCode, expectThrownCode } from '@agenticflow/core/testing';
import { describe, expect, it } from 'vitest';
import {
  EncryptedMemoryStore,
  EventStoreMemoryStore,
  InMemoryKeyRing,
  InMemoryMemoryStore,
  ThreadMemory,
} from '../../src/memory/index.js';
import { eventStoreText } from './persisted-text.js';

const say = (content: string) => ({ role: 'user' as const, content });

describe('ThreadMemory', () => {
  it('appends messages with increasing seq and lists them in order', async () => {
    const threads = new ThreadMemory({ store: new InMemoryMemoryStore() });
    const first = await threads.append('t1', say('hello'));
    const second = await threads.append('t1', {
      role: 'tool',
      name: 'weather',
      content: { celsius: 21 },
      metadata: { callId: 'c1' },
    });
    expect(first).toMatchObject({ threadId: 't1', seq: 1, role: 'user', content: 'hello' });
    expect(second).toMatchObject({
      seq: 2,
      name: 'weather',
      content: { celsius: 21 },
      metadata: { callId: 'c1' },
    });
    expect(first.id).not.toBe(second.id);
    expect((await threads.list('t1')).messages).toEqual([first, second]);
    expect((await threads.list('t2')).messages).toEqual([]);
  });

  it('paginates with next, in both orders', async () => {
    const threads = new ThreadMemory({ store: new InMemoryMemoryStore() });
    for (let n = 1; n <= 5; n++) await threads.append('t', say(`m${n}`));
    const page1 = await threads.list('t', { limit: 2 });
    expect(page1.messages.map((message) => message.content)).toEqual(['m1', 'm2']);
    expect(page1.next).toBe(2);
    const page2 = await threads.list('t', { limit: 2, after: page1.next as number });
    expect(page2.messages.map((message) => message.content)).toEqual(['m3', 'm4']);
    const page3 = await threads.list('t', { limit: 2, after: page2.next as number });
    expect(page3).toEqual({ messages: [expect.objectContaining({ content: 'm5' })] });
    const newest = await threads.list('t', { order: 'desc', limit: 2 });
    expect(newest.messages.map((message) => message.seq)).toEqual([5, 4]);
  });

  it('returns the last N messages oldest first', async () => {
    const threads = new ThreadMemory({ store: new InMemoryMemoryStore() });
    for (let n = 1; n <= 4; n++) await threads.append('t', say(`m${n}`));
    expect((await threads.last('t', 2)).map((message) => message.content)).toEqual(['m3', 'm4']);
    expect((await threads.last('t', 10)).map((message) => message.seq)).toEqual([1, 2, 3, 4]);
  });

  it('clears a thread, removing its messages from the event store', async () => {
    const events = new InMemoryEventStore();
    const threads = new ThreadMemory({ store: new EventStoreMemoryStore({ store: events }) });
    await threads.append('t', say('forget-me-please'));
    await threads.append('other', say('keep me'));
    expect(await threads.clear('t')).toBe(1);
    expect(await threads.list('t')).toEqual({ messages: [] });
    expect(await eventStoreText(events)).not.toContain('forget-me-please');
    expect((await threads.append('t', say('again'))).seq).toBe(1);
    expect(await threads.last('other', 1)).toMatchObject([{ content: 'keep me' }]);
  });

  it('gives concurrent appenders in two processes distinct, gap-free seqs', async () => {
    const events = new InMemoryEventStore();
    const a = new ThreadMemory({ store: new EventStoreMemoryStore({ store: events }) });
    const b = new ThreadMemory({ store: new EventStoreMemoryStore({ store: events }) });
    await Promise.all(
      Array.from({ length: 10 }, (_, n) => (n % 2 ? a : b).append('t', say(`m${n}`))),
    );
    const { messages } = await a.list('t');
    expect(messages.map((message) => message.seq)).toEqual(
      Array.from({ length: 10 }, (_, n) => n + 1),
    );
    expect(new Set(messages.map((message) => message.content)).size).toBe(10);
  });

  it('keeps message content encrypted on an EncryptedMemoryStore', async () => {
    const inner = new InMemoryMemoryStore();
    const store = new EncryptedMemoryStore({
      store: inner,
      keyRing: new InMemoryKeyRing({ keys: [{ id: 'k', key: randomBytes(32) }] }),
    });
    const threads = new ThreadMemory({ store });
    await threads.append('t', say('my password is hunter2'));
    expect(JSON.stringify(await inner.list('thread/t'))).not.toContain('hunter2');
    expect((await threads.last('t', 1))[0]?.content).toBe('my password is hunter2');
  });

  it('rejects a bad message, thread id or option with the reason', async () => {
    const threads = new ThreadMemory({ store: new InMemoryMemoryStore() });
    const role = await expectRejectedCode(
      threads.append('t', { role: 'robot', content: 'x' } as never),
      'VALIDATION_FAILED',
    );
    expect(role.message).toContain('invalid message for thread t: role');
    await expectRejectedCode(threads.append('t', { role: 'user' } as never), 'VALIDATION_FAILED');
    await expectRejectedCode(threads.append('t', say(undefined as never)), 'VALIDATION_FAILED');
    const id = await expectRejectedCode(threads.append('has space', say('x')), 'VALIDATION_FAILED');
    expect(id.message).toContain('invalid thread id "has space"');
    await expectRejectedCode(threads.list('t', { after: -1 }), 'VALIDATION_FAILED');
    await expectRejectedCode(threads.last('t', 0), 'VALIDATION_FAILED');
    expectThrownCode(
      () => new ThreadMemory({ store: new InMemoryMemoryStore(), prefix: '~' }),
      'VALIDATION_FAILED',
    );
  });
});
