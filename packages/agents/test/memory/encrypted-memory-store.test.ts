import { randomBytes } from 'node:crypto';
import { InMemoryEventStore } from '@agenticflow/core';
import { expectRejectedCode, expectThrownCode } from '@agenticflow/core/testing';
import { describe, expect, it } from 'vitest';
import {
  EncryptedMemoryStore,
  EventStoreMemoryStore,
  InMemoryKeyRing,
  InMemoryMemoryStore,
  parseEnvelope,
} from '../../src/memory/index.js';
import { eventStoreText } from './persisted-text.js';

function setup() {
  const inner = new InMemoryMemoryStore();
  const ring = new InMemoryKeyRing({ keys: [{ id: 'k1', key: randomBytes(32) }] });
  const memory = new EncryptedMemoryStore({ store: inner, keyRing: ring });
  return { inner, ring, memory };
}

async function keyIdOf(inner: InMemoryMemoryStore, ns: string, key: string): Promise<string> {
  const stored = await inner.get(ns, key);
  return parseEnvelope(Buffer.from(String(stored?.value), 'base64url')).keyId;
}

describe('EncryptedMemoryStore', () => {
  it('stores only ciphertext in the wrapped store, with keys and metadata in clear', async () => {
    const events = new InMemoryEventStore();
    const ring = new InMemoryKeyRing({ keys: [{ id: 'k1', key: randomBytes(32) }] });
    const memory = new EncryptedMemoryStore({
      store: new EventStoreMemoryStore({ store: events }),
      keyRing: ring,
    });
    await memory.put('user-42', 'ssn', { ssn: '078-05-1120' }, { metadata: { kind: 'identity' } });
    const text = await eventStoreText(events);
    expect(text).not.toContain('078-05-1120');
    expect(text).toContain('"key":"ssn"');
    expect(text).toContain('"kind":"identity"');
    expect((await memory.get('user-42', 'ssn'))?.value).toEqual({ ssn: '078-05-1120' });
  });

  it('rejects a record swapped between two keys or two namespaces', async () => {
    const { inner, memory } = setup();
    await memory.put('alice', 'note', 'for alice only');
    await memory.put('alice', 'other', 'another');
    const sealed = (await inner.get('alice', 'note'))?.value as string;
    await inner.put('alice', 'other', sealed);
    await inner.put('bob', 'note', sealed);
    const swappedKey = await expectRejectedCode(memory.get('alice', 'other'), 'DECRYPTION_FAILED');
    expect(swappedKey.message).toContain('sealed for another namespace, key or metadata');
    expect(swappedKey.details).toMatchObject({ namespace: 'alice', key: 'other' });
    await expectRejectedCode(memory.get('bob', 'note'), 'DECRYPTION_FAILED');
    expect((await memory.get('alice', 'note'))?.value).toBe('for alice only');
  });

  it('rejects a record whose metadata was changed in the wrapped store', async () => {
    const { inner, memory } = setup();
    await memory.put('docs', 'plan', 'draft', { metadata: { owner: 'alice' } });
    const sealed = (await inner.get('docs', 'plan'))?.value as string;
    await inner.put('docs', 'plan', sealed, { metadata: { owner: 'mallory' } });
    await expectRejectedCode(memory.get('docs', 'plan'), 'DECRYPTION_FAILED');
    await expectRejectedCode(
      memory.search('docs', { where: { owner: 'mallory' } }),
      'DECRYPTION_FAILED',
    );
  });

  it('rejects a value that is not a sealed envelope', async () => {
    const { inner, memory } = setup();
    await inner.put('ns', 'plain', { written: 'without encryption' });
    const error = await expectRejectedCode(memory.get('ns', 'plain'), 'DECRYPTION_FAILED');
    expect(error.message).toContain('is not a sealed envelope (a base64url string)');
    await inner.put('ns', 'short', 'AAAA');
    await expectRejectedCode(memory.get('ns', 'short'), 'DECRYPTION_FAILED');
  });

  it('reads old records after a rotation while new writes use the new key', async () => {
    const { inner, ring, memory } = setup();
    await memory.put('ns', 'before', 'old secret');
    ring.addKey('k2', randomBytes(32));
    await memory.put('ns', 'after', 'new secret');
    expect(await keyIdOf(inner, 'ns', 'before')).toBe('k1');
    expect(await keyIdOf(inner, 'ns', 'after')).toBe('k2');
    expect((await memory.get('ns', 'before'))?.value).toBe('old secret');
    expect((await memory.list('ns')).records.map((record) => record.value)).toEqual([
      'new secret',
      'old secret',
    ]);
  });

  it('makes records unreadable once their key is deleted, with KEY_NOT_FOUND', async () => {
    const { ring, memory } = setup();
    await memory.put('ns', 'old', 'sealed with k1');
    ring.addKey('k2', randomBytes(32));
    await memory.put('ns', 'new', 'sealed with k2');
    ring.deleteKey('k1');
    const error = await expectRejectedCode(memory.get('ns', 'old'), 'KEY_NOT_FOUND');
    expect(error.message).toContain('encryption key "k1" is not in the key ring');
    expect(error.details).toMatchObject({ keyId: 'k1', namespace: 'ns', key: 'old' });
    await expectRejectedCode(memory.list('ns'), 'KEY_NOT_FOUND');
    expect((await memory.get('ns', 'new'))?.value).toBe('sealed with k2');
  });

  it('re-encrypts records to the current key, after which deleting the old key loses nothing', async () => {
    const { inner, ring, memory } = setup();
    for (const key of ['a', 'b', 'c'])
      await memory.put('ns', key, `value ${key}`, { metadata: { key } });
    ring.addKey('k2', randomBytes(32));
    await memory.put('ns', 'd', 'value d');
    expect(await memory.reencrypt('ns')).toEqual({ reencrypted: 3, unchanged: 1, skipped: 0 });
    for (const key of ['a', 'b', 'c', 'd']) expect(await keyIdOf(inner, 'ns', key)).toBe('k2');
    ring.deleteKey('k1');
    const values = (await memory.list('ns')).records.map((record) => [
      record.value,
      record.metadata,
    ]);
    expect(values).toEqual([
      ['value a', { key: 'a' }],
      ['value b', { key: 'b' }],
      ['value c', { key: 'c' }],
      ['value d', {}],
    ]);
    expect(await memory.reencrypt('ns')).toEqual({ reencrypted: 0, unchanged: 4, skipped: 0 });
  });

  it('re-encrypts namespaces larger than one page', async () => {
    const { inner, ring, memory } = setup();
    await Promise.all(Array.from({ length: 1005 }, (_, n) => memory.put('big', `k${n}`, n)));
    ring.addKey('k2', randomBytes(32));
    expect(await memory.reencrypt('big')).toEqual({ reencrypted: 1005, unchanged: 0, skipped: 0 });
    expect(await keyIdOf(inner, 'big', 'k1004')).toBe('k2');
  });

  it('finds text inside encrypted values', async () => {
    const { memory } = setup();
    await memory.put('ns', 'a', { text: 'The cat sat' }, { metadata: { lang: 'en' } });
    await memory.put(
      'ns',
      'b',
      { text: 'A dog and a cat and a cat' },
      { metadata: { lang: 'en' } },
    );
    await memory.put('ns', 'c', { text: 'un chat' }, { metadata: { lang: 'fr' } });
    const hits = await memory.search('ns', { text: 'cat', where: { lang: 'en' } });
    expect(hits.map((hit) => [hit.record.key, hit.score])).toEqual([
      ['b', 2],
      ['a', 1],
    ]);
    expect(hits[0]?.record.value).toEqual({ text: 'A dog and a cat and a cat' });
  });

  it('rejects missing options with a clear error', () => {
    const error = expectThrownCode(
      () => new EncryptedMemoryStore({ store: new InMemoryMemoryStore() } as never),
      'INVALID_CONFIGURATION',
    );
    expect(error.message).toContain('needs { store: MemoryStore, keyRing: KeyRing }');
  });
});
