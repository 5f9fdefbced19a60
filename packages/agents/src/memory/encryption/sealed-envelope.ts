import { randomBytes } from 'node:crypto';
import { DecryptionFailedError, InvalidEncryptionKeyError } from '../memory-errors.js';
import { aesGcmDecrypt, aesGcmEncrypt, IV_BYTES, KEY_BYTES, TAG_BYTES } from './aes-gcm.js';
import type { KeyRing } from './key-ring.js';

/** The envelope format this code writes; the first byte of every envelope. */
export const ENVELOPE_VERSION = 1;

// Authenticated with every data key the ring wraps, so a wrapped key cannot serve another format.
const WRAP_CONTEXT = Buffer.from('agenticflow.memory.envelope.v1', 'utf8');
const MAX_WRAPPED_KEY_BYTES = 0xffff;

/** The parts of an envelope, as {@link parseEnvelope} reads them. */
export interface EnvelopeParts {
  readonly version: number;
  readonly keyId: string;
  readonly wrappedKey: Buffer;
  /** Every byte before the IV: authenticated as part of the data's associated data. */
  readonly header: Buffer;
  readonly iv: Buffer;
  readonly tag: Buffer;
  readonly ciphertext: Buffer;
}

function malformed(reason: string): DecryptionFailedError {
  return new DecryptionFailedError(
    `malformed envelope (${reason}): it was truncated or changed`,
    {},
  );
}

/**
 * Reads an envelope's layout (version 1):
 * `version (1 byte) | keyId length L (1) | keyId (L, UTF-8) | wrapped key length W (2, big-endian)
 * | wrapped data key (W) | IV (12) | tag (16) | ciphertext`.
 * Throws `DECRYPTION_FAILED` when it does not parse; authenticity is checked when opening.
 */
export function parseEnvelope(envelope: Uint8Array): EnvelopeParts {
  const bytes = Buffer.from(envelope.buffer, envelope.byteOffset, envelope.byteLength);
  if (bytes.length < 1) throw malformed('empty');
  const version = bytes[0] as number;
  if (version !== ENVELOPE_VERSION) {
    throw new DecryptionFailedError(
      `unsupported envelope version ${version}: this code reads version ${ENVELOPE_VERSION}; upgrade @agenticflow/agents if the record was written by a newer one`,
      { version },
    );
  }
  const keyIdLength = bytes[1] ?? 0;
  const wrappedAt = 2 + keyIdLength;
  if (keyIdLength === 0 || bytes.length < wrappedAt + 2) throw malformed('key id');
  const keyId = bytes.toString('utf8', 2, wrappedAt);
  const wrappedLength = bytes.readUInt16BE(wrappedAt);
  const ivAt = wrappedAt + 2 + wrappedLength;
  if (wrappedLength === 0 || bytes.length < ivAt + IV_BYTES + TAG_BYTES) throw malformed('lengths');
  return {
    version,
    keyId,
    wrappedKey: bytes.subarray(wrappedAt + 2, ivAt),
    header: bytes.subarray(0, ivAt),
    iv: bytes.subarray(ivAt, ivAt + IV_BYTES),
    tag: bytes.subarray(ivAt + IV_BYTES, ivAt + IV_BYTES + TAG_BYTES),
    ciphertext: bytes.subarray(ivAt + IV_BYTES + TAG_BYTES),
  };
}

/**
 * Encrypts `plaintext` with a fresh data key wrapped by the ring's current key, binding `aad`
 * (the record's identity): the result opens only with the same `aad`.
 *
 * @example
 * ```ts
 * const aad = Buffer.from('notes/alice');
 * const envelope = await sealEnvelope(ring, Buffer.from('secret'), aad);
 * (await openEnvelope(ring, envelope, aad)).toString(); // 'secret'
 * ```
 */
export async function sealEnvelope(
  keyRing: KeyRing,
  plaintext: Uint8Array,
  aad: Uint8Array,
): Promise<Buffer> {
  const dataKey = randomBytes(KEY_BYTES);
  try {
    const { keyId, wrappedKey } = await keyRing.wrapKey(dataKey, WRAP_CONTEXT);
    const keyIdBytes = Buffer.from(keyId, 'utf8');
    if (keyIdBytes.length === 0 || keyIdBytes.length > 255) {
      throw new InvalidEncryptionKeyError(
        `the key ring returned a key id of ${keyIdBytes.length} UTF-8 bytes: fix the ring to use ids of 1-255 bytes`,
        { keyId },
      );
    }
    if (wrappedKey.length === 0 || wrappedKey.length > MAX_WRAPPED_KEY_BYTES) {
      throw new InvalidEncryptionKeyError(
        `the key ring returned a wrapped key of ${wrappedKey.length} bytes: fix the ring to return 1-${MAX_WRAPPED_KEY_BYTES} bytes`,
        { keyId },
      );
    }
    const lengths = Buffer.alloc(2);
    lengths.writeUInt16BE(wrappedKey.length);
    const header = Buffer.concat([
      Buffer.from([ENVELOPE_VERSION, keyIdBytes.length]),
      keyIdBytes,
      lengths,
      wrappedKey,
    ]);
    const sealed = aesGcmEncrypt(dataKey, plaintext, Buffer.concat([header, aad]));
    return Buffer.concat([header, sealed.iv, sealed.tag, sealed.ciphertext]);
  } finally {
    dataKey.fill(0);
  }
}

/**
 * Opens an envelope made by {@link sealEnvelope} with the same `aad`. Throws `KEY_NOT_FOUND` when
 * the ring lacks its key, and `DECRYPTION_FAILED` for any other problem; never returns bytes that
 * were not sealed for this `aad`.
 */
export async function openEnvelope(
  keyRing: KeyRing,
  envelope: Uint8Array,
  aad: Uint8Array,
): Promise<Buffer> {
  const parts = parseEnvelope(envelope);
  const dataKey = Buffer.from(await keyRing.unwrapKey(parts.keyId, parts.wrappedKey, WRAP_CONTEXT));
  try {
    const plaintext =
      dataKey.length === KEY_BYTES
        ? aesGcmDecrypt(
            dataKey,
            parts.iv,
            parts.ciphertext,
            parts.tag,
            Buffer.concat([parts.header, aad]),
          )
        : undefined;
    if (!plaintext) {
      throw new DecryptionFailedError(
        'authentication failed: the record was changed, or it was sealed for another namespace, key or metadata',
        { keyId: parts.keyId },
      );
    }
    return plaintext;
  } finally {
    dataKey.fill(0);
  }
}
