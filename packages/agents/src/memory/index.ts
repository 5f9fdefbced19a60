// Memory: thread, working and long-term memory, on any MemoryStore, optionally encrypted.
export {
  EncryptedMemoryStore,
  type EncryptedMemoryStoreOptions,
  type ReencryptResult,
} from './encryption/encrypted-memory-store.js';
export {
  InMemoryKeyRing,
  type InMemoryKeyRingOptions,
  type KeyRingEntry,
} from './encryption/in-memory-key-ring.js';
export type { KeyRing, WrappedKey } from './encryption/key-ring.js';
export {
  ENVELOPE_VERSION,
  type EnvelopeParts,
  openEnvelope,
  parseEnvelope,
  sealEnvelope,
} from './encryption/sealed-envelope.js';
export {
  EventStoreMemoryStore,
  type EventStoreMemoryStoreOptions,
} from './event-store/event-store-memory-store.js';
export { InMemoryMemoryStore, type InMemoryMemoryStoreOptions } from './in-memory-memory-store.js';
export {
  DecryptionFailedError,
  InvalidEncryptionKeyError,
  KeyNotFoundError,
  MemoryContendedError,
  type MemoryErrorCode,
  MemoryErrorCodes,
  MemoryRevisionConflictError,
} from './memory-errors.js';
export { MAX_KEY_LENGTH, MAX_NAMESPACE_LENGTH, NAMESPACE_PATTERN } from './memory-input.js';
export type {
  MemoryDeleteOptions,
  MemoryListOptions,
  MemoryPage,
  MemoryPutOptions,
  MemoryRecord,
  MemorySearchHit,
  MemorySearchQuery,
  MemoryStore,
} from './memory-store.js';
export {
  type ThreadListOptions,
  ThreadMemory,
  type ThreadMemoryOptions,
  type ThreadMessage,
  type ThreadMessageInput,
  type ThreadPage,
  type ThreadRole,
} from './thread-memory.js';
export {
  WorkingMemory,
  type WorkingMemoryOptions,
  type WorkingMemoryScope,
  type WorkingMemoryState,
  type WorkingMemoryUpdateOptions,
} from './working-memory.js';
