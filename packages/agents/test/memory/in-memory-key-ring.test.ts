import { randomBytes } from 'node:crypto';
import { expectRejectedCode, expectThrownCode } from '@agenticflow/core/testing';
import { describe, expect, it } from 'vitest';
import { InMemoryKeyRing } from '../../src/memory/index.js';

const context = Buffer.from('ctx');

describe('InMemoryKeyRing', () => {
  it('uses the last key as current unless told otherwise, and switches on addKey', async () => {
    const ring = new InMemoryKeyRing({
      keys: [
        { id: 'a', key: randomBytes(32) },
        { id: 'b', key: randomBytes(32) },
      ],
    });
    expect(await ring.currentKeyId()).toBe('b');
    ring.addKey('c', randomBytes(32));
    expect(await ring.currentKeyId()).toBe('c');
    ring.addKey('d', randomBytes(32), { current: false });
    expect(await ring.currentKeyId()).toBe('c');
    ring.setCurrentKey('a');
    expect((await ring.wrapKey(randomBytes(32), context)).keyId).toBe('a');
    expect(ring.keyIds()).toEqual(['a', 'b', 'c', 'd']);
    const chosen = new InMemoryKeyRing({
      keys: [
        { id: 'a', key: randomBytes(32) },
        { id: 'b', key: randomBytes(32) },
      ],
      currentKeyId: 'a',
    });
    expect(await chosen.currentKeyId()).toBe('a');
  });

  it('wraps and unwraps a data key, bound to its key id and context', async () => {
    const ring = new InMemoryKeyRing({ keys: [{ id: 'a', key: randomBytes(32) }] });
    const dataKey = randomBytes(32);
    const { keyId, wrappedKey } = await ring.wrapKey(dataKey, context);
    expect(Buffer.from(await ring.unwrapKey(keyId, wrappedKey, context))).toEqual(dataKey);
    await expectRejectedCode(
      ring.unwrapKey(keyId, wrappedKey, Buffer.from('other')),
      'DECRYPTION_FAILED',
    );
    await expectRejectedCode(ring.unwrapKey('zzz', wrappedKey, context), 'KEY_NOT_FOUND');
  });

  it('rejects a key of the wrong length, saying how long it is and how to make one', () => {
    for (const length of [0, 16, 31, 33, 64]) {
      const error = expectThrownCode(
        () => new InMemoryKeyRing({ keys: [{ id: 'k', key: randomBytes(length) }] }),
        'INVALID_ENCRYPTION_KEY',
      );
      expect(error.message).toContain(`is ${length} bytes, but AES-256 needs exactly 32`);
      expect(error.message).toContain('randomBytes(32)');
      expect(error.details).toMatchObject({ keyId: 'k', bytes: length, expected: 32 });
    }
  });

  it('rejects a key given as text, a bad key id and an empty ring', () => {
    const text = expectThrownCode(
      () => new InMemoryKeyRing({ keys: [{ id: 'k', key: 'a'.repeat(32) as never }] }),
      'INVALID_ENCRYPTION_KEY',
    );
    expect(text.message).toContain('not bytes: pass a Uint8Array or Buffer of 32 random bytes');
    for (const id of ['', 'has space', 'x'.repeat(65), 7]) {
      const error = expectThrownCode(
        () => new InMemoryKeyRing({ keys: [{ id: id as string, key: randomBytes(32) }] }),
        'INVALID_ENCRYPTION_KEY',
      );
      expect(error.message).toContain('invalid key id');
    }
    expectThrownCode(() => new InMemoryKeyRing({ keys: [] }), 'INVALID_ENCRYPTION_KEY');
    expectThrownCode(
      () => new InMemoryKeyRing({ keys: [{ id: 'a', key: randomBytes(32) }], currentKeyId: 'b' }),
      'KEY_NOT_FOUND',
    );
  });

  it('refuses to reuse a key id for other bytes, and accepts the same bytes again', () => {
    const key = randomBytes(32);
    const ring = new InMemoryKeyRing({ keys: [{ id: 'a', key }] });
    ring.addKey('a', Buffer.from(key));
    const error = expectThrownCode(
      () => ring.addKey('a', randomBytes(32)),
      'INVALID_ENCRYPTION_KEY',
    );
    expect(error.message).toContain('already holds different key bytes: give the new key a new id');
  });

  it('keeps its own copy of key bytes', async () => {
    const key = randomBytes(32);
    const ring = new InMemoryKeyRing({ keys: [{ id: 'a', key }] });
    const { wrappedKey } = await ring.wrapKey(randomBytes(32), context);
    key.fill(0);
    await expect(ring.unwrapKey('a', wrappedKey, context)).resolves.toHaveLength(32);
  });

  it('deletes keys, but not the current one', async () => {
    const ring = new InMemoryKeyRing({
      keys: [
        { id: 'old', key: randomBytes(32) },
        { id: 'new', key: randomBytes(32) },
      ],
    });
    const error = expectThrownCode(() => ring.deleteKey('new'), 'INVALID_ENCRYPTION_KEY');
    expect(error.message).toContain('is the current key');
    expect(ring.deleteKey('old')).toBe(true);
    expect(ring.deleteKey('old')).toBe(false);
    expect(ring.keyIds()).toEqual(['new']);
  });
});
