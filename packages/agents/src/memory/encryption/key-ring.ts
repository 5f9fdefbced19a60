/** A data key encrypted ("wrapped") by a key-encryption key of a {@link KeyRing}. */
export interface WrappedKey {
  /** Id of the key-encryption key that wrapped it; stored in clear in the envelope. */
  readonly keyId: string;
  /** The wrapped data key: opaque bytes, at most 65535 of them. */
  readonly wrappedKey: Uint8Array;
}

/**
 * Holds the key-encryption keys (KEKs) of {@link EncryptedMemoryStore} and wraps and unwraps the
 * per-record data keys with them. The store never sees a KEK, so a ring can sit on a KMS (AWS
 * KMS `Encrypt`/`Decrypt` with an encryption context, GCP Cloud KMS, Azure Key Vault, Vault
 * Transit): production keys belong there, not in process memory. {@link InMemoryKeyRing} holds
 * keys you provide, for tests, development, and keys loaded from a secret store at start-up.
 *
 * @example
 * ```ts
 * // A ring on a KMS: wrap with the current key, unwrap with the key an envelope names.
 * const kmsRing: KeyRing = {
 *   currentKeyId: async () => 'alias/memory-2026',
 *   wrapKey: async (dataKey, context) => ({ keyId: 'alias/memory-2026', wrappedKey: await kms.encrypt(dataKey, context) }),
 *   unwrapKey: async (keyId, wrappedKey, context) => kms.decrypt(keyId, wrappedKey, context),
 * };
 * ```
 */
export interface KeyRing {
  /** Id of the key new records are sealed with; re-encryption moves records to it. */
  currentKeyId(): Promise<string>;
  /**
   * Encrypts `dataKey` (32 bytes) with the current key, authenticating `context` with it, and
   * says which key that was.
   */
  wrapKey(dataKey: Uint8Array, context: Uint8Array): Promise<WrappedKey>;
  /**
   * Decrypts a data key wrapped by `keyId` with the same `context`. Throws `KEY_NOT_FOUND` when
   * the ring has no key `keyId`, and `DECRYPTION_FAILED` when the wrapped key does not open.
   */
  unwrapKey(keyId: string, wrappedKey: Uint8Array, context: Uint8Array): Promise<Uint8Array>;
}
