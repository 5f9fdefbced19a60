import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EventStore, InMemoryEventStore } from '@agenticflow/core';
import { createSqliteEventStore } from '@agenticflow/storage-sqlite';
import { afterAll } from 'vitest';
import {
  EncryptedMemoryStore,
  EventStoreMemoryStore,
  InMemoryKeyRing,
  InMemoryMemoryStore,
} from '../../src/memory/index.js';
import { describeMemoryStoreConformance } from './conformance/describe-memory-store-conformance.js';
import { eventStoreText } from './persisted-text.js';

describeMemoryStoreConformance({
  name: 'in-memory',
  create: async () => new InMemoryMemoryStore(),
});

const events = new InMemoryEventStore();
describeMemoryStoreConformance({
  name: 'event store (in-memory event store)',
  create: async () => new EventStoreMemoryStore({ store: events }),
  persistedText: () => eventStoreText(events),
});

// Tombstones instead of purges, and a compaction after every third dead event: the same contract
// through the other code paths.
describeMemoryStoreConformance({
  name: 'event store (tombstones, compactAfter 3)',
  create: async () =>
    new EventStoreMemoryStore({
      store: new InMemoryEventStore(),
      purgeOnDelete: false,
      compactAfter: 3,
    }),
});

const directory = mkdtempSync(join(tmpdir(), 'af-memory-'));
let sqlite: EventStore | undefined;
describeMemoryStoreConformance({
  name: 'event store (sqlite file)',
  create: async () => {
    sqlite = await createSqliteEventStore({ filename: join(directory, 'memory.db') });
    return new EventStoreMemoryStore({ store: sqlite });
  },
  destroy: async () => {
    await sqlite?.close();
  },
  persistedText: () => eventStoreText(sqlite as EventStore),
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const sealedEvents = new InMemoryEventStore();
describeMemoryStoreConformance({
  name: 'encrypted (over the event store, key ring with two keys)',
  create: async () =>
    new EncryptedMemoryStore({
      store: new EventStoreMemoryStore({ store: sealedEvents }),
      keyRing: new InMemoryKeyRing({
        keys: [
          { id: 'old', key: randomBytes(32) },
          { id: 'new', key: randomBytes(32) },
        ],
      }),
    }),
  persistedText: () => eventStoreText(sealedEvents),
});

describeMemoryStoreConformance({
  name: 'encrypted (over in-memory)',
  create: async () =>
    new EncryptedMemoryStore({
      store: new InMemoryMemoryStore(),
      keyRing: new InMemoryKeyRing({ keys: [{ id: 'k1', key: randomBytes(32) }] }),
    }),
});
