import { timingSafeEqual } from 'node:crypto';
import {
  DecryptionFailedError,
  InvalidEncryptionKeyError,
  KeyNotFoundError,
} from '../memory-errors.js';
import { aesGcmDecrypt, aesGcmEncrypt, IV_BYTES, KEY_BYTES, TAG_BYTES } from './aes-gcm.js';
import { assertKeyId, copyKeyMaterial } from './key-material.js';
import type { KeyRing, WrappedKey } from './key-ring.js';

/** One key-encryption key given to {@link InMemoryKeyRing}. */
export interface KeyRingEntry {
  /** Stored in clear in each envelope the key wraps; never reuse an id for other key bytes. */
  readonly id: string;
  /** Exactly 32 random bytes. */
  readonly key: Uint8Array;
}

/** Options of {@link InMemoryKeyRing}. */
export interface InMemoryKeyRingOptions {
  /** The keys, oldest first. At least one. */
  readonly keys: readonly KeyRingEntry[];
  /** The key new records are sealed with. @defaultValue the last of `keys` */
  readonly currentKeyId?: string;
}

const WRAP_LABEL = 'agenticflow.keyring.v1';

/**
 * A {@link KeyRing} holding keys you provide in process memory. Rotate with `addKey` (new
 * writes use the new key; old records stay readable), move old records with
 * `EncryptedMemoryStore.reencrypt`, and `deleteKey` to make what is left under a key unreadable.
 * In production, load the keys from a secret manager, or implement {@link KeyRing} on a KMS.
 *
 * @example
 * ```ts
 * const ring = new InMemoryKeyRing({ keys: [{ id: 'k1', key: randomBytes(32) }] });
 * ring.addKey('k2', randomBytes(32)); // k2 is now current
 * ```
 */
export class InMemoryKeyRing implements KeyRing {
  private readonly keys = new Map<string, Buffer>();
  private current: string;

  constructor(options: InMemoryKeyRingOptions) {
    const entries = options?.keys;
    if (!Array.isArray(entries) || entries.length === 0) {
      throw new InvalidEncryptionKeyError(
        'InMemoryKeyRing needs at least one key: pass { keys: [{ id: "k1", key: randomBytes(32) }] }',
        {},
      );
    }
    for (const entry of entries) this.addKey(entry?.id, entry?.key, { current: false });
    const current = options.currentKeyId ?? (entries[entries.length - 1] as KeyRingEntry).id;
    this.current = '';
    this.setCurrentKey(current);
  }

  /** Ids of the keys held, in the order they were added. */
  keyIds(): string[] {
    return [...this.keys.keys()];
  }

  /**
   * Adds a key; with `current` (the default) new records are sealed with it from now on.
   * Adding the same id again with the same bytes does nothing; with other bytes it throws.
   */
  addKey(id: string, key: Uint8Array, options: { readonly current?: boolean } = {}): void {
    assertKeyId(id);
    const material = copyKeyMaterial(id, key);
    const existing = this.keys.get(id);
    if (existing && !timingSafeEqual(existing, material)) {
      throw new InvalidEncryptionKeyError(
        `key id ${JSON.stringify(id)} already holds different key bytes: give the new key a new id (records name their key by id, so reusing one would make them unreadable)`,
        { keyId: id },
      );
    }
    this.keys.set(id, material);
    if (options.current ?? true) this.current = id;
  }

  /** Makes `id` the key new records are sealed with. */
  setCurrentKey(id: string): void {
    if (!this.keys.has(id)) throw new KeyNotFoundError(String(id));
    this.current = id;
  }

  /**
   * Forgets key `id` (and overwrites its bytes): every record still sealed with it becomes
   * unreadable (`KEY_NOT_FOUND`). Returns `false` when the ring did not hold it. The current key
   * cannot be deleted: make another key current first.
   */
  deleteKey(id: string): boolean {
    if (id === this.current) {
      throw new InvalidEncryptionKeyError(
        `key ${JSON.stringify(id)} is the current key: add or select another current key first, re-encrypt, then delete it`,
        { keyId: id },
      );
    }
    const material = this.keys.get(id);
    if (!material) return false;
    material.fill(0);
    return this.keys.delete(id);
  }

  async currentKeyId(): Promise<string> {
    return this.current;
  }

  async wrapKey(dataKey: Uint8Array, context: Uint8Array): Promise<WrappedKey> {
    const keyId = this.current;
    const kek = this.keys.get(keyId) as Buffer;
    const { iv, ciphertext, tag } = aesGcmEncrypt(kek, dataKey, wrapAad(keyId, context));
    return { keyId, wrappedKey: Buffer.concat([iv, ciphertext, tag]) };
  }

  async unwrapKey(keyId: string, wrappedKey: Uint8Array, context: Uint8Array): Promise<Uint8Array> {
    const kek = this.keys.get(keyId);
    if (!kek) throw new KeyNotFoundError(keyId);
    const bytes = Buffer.from(wrappedKey);
    const dataKey =
      bytes.length === IV_BYTES + KEY_BYTES + TAG_BYTES
        ? aesGcmDecrypt(
            kek,
            bytes.subarray(0, IV_BYTES),
            bytes.subarray(IV_BYTES, IV_BYTES + KEY_BYTES),
            bytes.subarray(IV_BYTES + KEY_BYTES),
            wrapAad(keyId, context),
          )
        : undefined;
    if (!dataKey) {
      throw new DecryptionFailedError(
        `the data key does not open with key ${JSON.stringify(keyId)}: the envelope was changed, or the ring holds other bytes under that id`,
        { keyId },
      );
    }
    return dataKey;
  }
}

function wrapAad(keyId: string, context: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`${WRAP_LABEL}\n${keyId}\n`, 'utf8'), context]);
}
