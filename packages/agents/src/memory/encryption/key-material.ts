import { describeValue } from '@agenticflow/core';
import { InvalidEncryptionKeyError } from '../memory-errors.js';
import { KEY_BYTES } from './aes-gcm.js';

/** Key ids: 1-64 letters, digits and `. _ : / -` (they are stored in clear in every envelope). */
export const KEY_ID_PATTERN = /^[A-Za-z0-9._:/-]{1,64}$/;

/** Throws `INVALID_ENCRYPTION_KEY` unless `keyId` is a valid key id. */
export function assertKeyId(keyId: unknown): asserts keyId is string {
  if (typeof keyId !== 'string' || !KEY_ID_PATTERN.test(keyId)) {
    throw new InvalidEncryptionKeyError(
      `invalid key id ${describeValue(keyId)}: use 1-64 letters, digits and . _ : / - (such as "memory-2026-01")`,
      { keyId: typeof keyId === 'string' ? keyId : describeValue(keyId) },
    );
  }
}

/** A private copy of `key`; throws `INVALID_ENCRYPTION_KEY` unless it is exactly 32 bytes. */
export function copyKeyMaterial(keyId: string, key: unknown): Buffer {
  if (!(key instanceof Uint8Array)) {
    throw new InvalidEncryptionKeyError(
      `key ${JSON.stringify(keyId)} is ${describeValue(key)}, not bytes: pass a Uint8Array or Buffer of ${KEY_BYTES} random bytes (randomBytes(${KEY_BYTES}), or Buffer.from(secret, 'base64') for a key from a secret store)`,
      { keyId },
    );
  }
  if (key.length !== KEY_BYTES) {
    throw new InvalidEncryptionKeyError(
      `key ${JSON.stringify(keyId)} is ${key.length} bytes, but AES-256 needs exactly ${KEY_BYTES}: generate one with randomBytes(${KEY_BYTES}); do not pad or hash a password into a key`,
      { keyId, bytes: key.length, expected: KEY_BYTES },
    );
  }
  return Buffer.from(key);
}
