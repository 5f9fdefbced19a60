import { randomBytes } from 'node:crypto';
import { expectRejectedCode } from '@agenticflow/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ENVELOPE_VERSION,
  InMemoryKeyRing,
  openEnvelope,
  parseEnvelope,
  sealEnvelope,
} from '../../src/memory/index.js';

const ring = new InMemoryKeyRing({ keys: [{ id: 'kek-1', key: randomBytes(32) }] });
const aad = Buffer.from('["agenticflow.memory.record.v1","notes","alice",{}]');
const plaintext = Buffer.from('{"secret":"the launch code is 0000"}');

function flipBit(bytes: Uint8Array, bit: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[bit >> 3] = (copy[bit >> 3] as number) ^ (1 << (bit & 7));
  return copy;
}

async function expectRejected(promise: Promise<unknown>): Promise<void> {
  await expect(promise).rejects.toSatisfy((error: { code?: string }) =>
    ['DECRYPTION_FAILED', 'KEY_NOT_FOUND'].includes(String(error.code)),
  );
}

describe('sealed envelope', () => {
  it('opens what it sealed, with the same associated data', async () => {
    const envelope = await sealEnvelope(ring, plaintext, aad);
    expect(await openEnvelope(ring, envelope, aad)).toEqual(plaintext);
    expect(envelope.includes(plaintext)).toBe(false);
  });

  it('writes the documented layout: version, key id, wrapped key, 12-byte IV, 16-byte tag', async () => {
    const envelope = await sealEnvelope(ring, plaintext, aad);
    expect(envelope[0]).toBe(ENVELOPE_VERSION);
    expect(envelope[1]).toBe('kek-1'.length);
    expect(envelope.subarray(2, 7).toString()).toBe('kek-1');
    const parts = parseEnvelope(envelope);
    expect(parts).toMatchObject({ version: 1, keyId: 'kek-1' });
    expect(parts.wrappedKey).toHaveLength(60);
    expect(parts.iv).toHaveLength(12);
    expect(parts.tag).toHaveLength(16);
    expect(parts.ciphertext).toHaveLength(plaintext.length);
    expect(envelope).toHaveLength(2 + 5 + 2 + 60 + 12 + 16 + plaintext.length);
  });

  it('uses a fresh data key and IV every time', async () => {
    const first = parseEnvelope(await sealEnvelope(ring, plaintext, aad));
    const second = parseEnvelope(await sealEnvelope(ring, plaintext, aad));
    expect(first.iv.equals(second.iv)).toBe(false);
    expect(first.wrappedKey.equals(second.wrappedKey)).toBe(false);
    expect(first.ciphertext.equals(second.ciphertext)).toBe(false);
  });

  it('rejects a flipped bit in the ciphertext, the tag, the IV and the wrapped key', async () => {
    const envelope = await sealEnvelope(ring, plaintext, aad);
    const ivAt = 2 + 5 + 2 + 60;
    const regions = { wrappedKey: 2 + 5 + 2, iv: ivAt, tag: ivAt + 12, ciphertext: ivAt + 28 };
    for (const [region, at] of Object.entries(regions)) {
      const error = await expectRejectedCode(
        openEnvelope(ring, flipBit(envelope, at * 8 + 3), aad),
        'DECRYPTION_FAILED',
      );
      expect(error.message, region).toMatch(/authentication failed|data key does not open/);
    }
  });

  it('rejects a flipped bit anywhere in the envelope (property)', async () => {
    const envelope = await sealEnvelope(ring, plaintext, aad);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: envelope.length * 8 - 1 }), async (bit) => {
        await expectRejected(openEnvelope(ring, flipBit(envelope, bit), aad));
      }),
      { numRuns: 300 },
    );
  });

  it('rejects a flipped bit anywhere in the associated data (property)', async () => {
    const envelope = await sealEnvelope(ring, plaintext, aad);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: aad.length * 8 - 1 }), async (bit) => {
        await expectRejectedCode(
          openEnvelope(ring, envelope, flipBit(aad, bit)),
          'DECRYPTION_FAILED',
        );
      }),
      { numRuns: 200 },
    );
  });

  it('rejects an envelope truncated or extended at any length (property)', async () => {
    const envelope = await sealEnvelope(ring, plaintext, aad);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: envelope.length - 1 }),
        fc.uint8Array({ minLength: 0, maxLength: 4 }),
        async (cut, extra) => {
          const changed = Buffer.concat([envelope.subarray(0, cut), extra]);
          await expectRejected(openEnvelope(ring, changed, aad));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('names the problem: an unsupported version, an unknown key id', async () => {
    const envelope = await sealEnvelope(ring, plaintext, aad);
    const future = Buffer.from(envelope);
    future[0] = 2;
    const version = await expectRejectedCode(openEnvelope(ring, future, aad), 'DECRYPTION_FAILED');
    expect(version.message).toContain('unsupported envelope version 2: this code reads version 1');
    const other = new InMemoryKeyRing({ keys: [{ id: 'kek-2', key: randomBytes(32) }] });
    const missing = await expectRejectedCode(openEnvelope(other, envelope, aad), 'KEY_NOT_FOUND');
    expect(missing.message).toContain('encryption key "kek-1" is not in the key ring');
    const empty = await expectRejectedCode(
      openEnvelope(ring, Buffer.alloc(0), aad),
      'DECRYPTION_FAILED',
    );
    expect(empty.message).toContain('malformed envelope (empty)');
  });

  it('does not open with another key stored under the same id', async () => {
    const envelope = await sealEnvelope(ring, plaintext, aad);
    const impostor = new InMemoryKeyRing({ keys: [{ id: 'kek-1', key: randomBytes(32) }] });
    const error = await expectRejectedCode(
      openEnvelope(impostor, envelope, aad),
      'DECRYPTION_FAILED',
    );
    expect(error.message).toContain('the data key does not open with key "kek-1"');
  });
});
