import { hasErrorCode, type JsonObject, type JsonValue } from '@agenticflow/core';
import { canonicalJson } from '../canonical-json.js';
import { DecryptionFailedError, KeyNotFoundError } from '../memory-errors.js';
import type { KeyRing } from './key-ring.js';
import { openEnvelope, parseEnvelope, sealEnvelope } from './sealed-envelope.js';

/** Where a sealed value lives; all of it is bound to the ciphertext. */
export interface RecordIdentity {
  readonly namespace: string;
  readonly key: string;
  readonly metadata: JsonObject;
}

/** The associated data of a record: its namespace, key and metadata, in canonical JSON. */
export function recordAad(identity: RecordIdentity): Buffer {
  const { namespace, key, metadata } = identity;
  return Buffer.from(canonicalJson(['agenticflow.memory.record.v1', namespace, key, metadata]));
}

/** Seals a JSON value for `identity`; the result is the envelope in base64url. */
export async function sealValue(
  keyRing: KeyRing,
  value: JsonValue,
  identity: RecordIdentity,
): Promise<string> {
  const plaintext = Buffer.from(JSON.stringify(value), 'utf8');
  const envelope = await sealEnvelope(keyRing, plaintext, recordAad(identity));
  return envelope.toString('base64url');
}

function envelopeBytes(stored: JsonValue, identity: RecordIdentity): Buffer {
  if (typeof stored !== 'string' || !/^[A-Za-z0-9_-]+$/.test(stored)) {
    throw new DecryptionFailedError(
      `record ${JSON.stringify(identity.key)} in namespace ${JSON.stringify(identity.namespace)} is not a sealed envelope (a base64url string): it was written without encryption or changed`,
      { namespace: identity.namespace, key: identity.key },
    );
  }
  return Buffer.from(stored, 'base64url');
}

/** The key id a stored value was sealed with (read from its header, without decrypting). */
export function sealedKeyId(stored: JsonValue, identity: RecordIdentity): string {
  return parseEnvelope(envelopeBytes(stored, identity)).keyId;
}

/** Opens a value sealed by {@link sealValue} for the same identity. */
export async function openValue(
  keyRing: KeyRing,
  stored: JsonValue,
  identity: RecordIdentity,
): Promise<JsonValue> {
  const where = { namespace: identity.namespace, key: identity.key };
  const envelope = envelopeBytes(stored, identity);
  try {
    const plaintext = await openEnvelope(keyRing, envelope, recordAad(identity));
    return JSON.parse(plaintext.toString('utf8')) as JsonValue;
  } catch (error) {
    if (hasErrorCode(error, 'KEY_NOT_FOUND')) {
      throw new KeyNotFoundError(String(error.details.keyId), { details: where, cause: error });
    }
    if (hasErrorCode(error, 'DECRYPTION_FAILED')) {
      const reason = String(error.details.reason ?? error.message);
      throw new DecryptionFailedError(
        `${reason} (record ${JSON.stringify(identity.key)} in namespace ${JSON.stringify(identity.namespace)})`,
        { ...error.details, ...where },
        { cause: error },
      );
    }
    throw error;
  }
}
