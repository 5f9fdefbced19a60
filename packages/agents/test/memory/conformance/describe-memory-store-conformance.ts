import { describeWithResource } from '@agenticflow/conformance';
import { describe } from 'vitest';
import type { MemoryStore } from '../../../src/memory/index.js';
import { deleteSuite } from './delete.suite.js';
import { listSuite } from './list.suite.js';
import type { MemoryStoreHarness } from './memory-store-harness.js';
import { putGetSuite } from './put-get.suite.js';
import { revisionsSuite } from './revisions.suite.js';
import { searchSuite } from './search.suite.js';
import { validationSuite } from './validation.suite.js';

/**
 * Registers the MemoryStore conformance suite for `harness` in the calling vitest file. Every
 * MemoryStore (in-memory, event-store-backed on each store, encrypted) must pass it.
 *
 * @example
 * ```ts
 * describeMemoryStoreConformance({ name: 'in-memory', create: async () => new InMemoryMemoryStore() });
 * ```
 */
export function describeMemoryStoreConformance(harness: MemoryStoreHarness): void {
  describeWithResource(
    `MemoryStore conformance: ${harness.name}`,
    harness,
    async () => {},
    (getStore: () => MemoryStore) => {
      describe('put and get', () => putGetSuite(getStore));
      describe('revisions', () => revisionsSuite(getStore));
      describe('list', () => listSuite(getStore));
      describe('search', () => searchSuite(getStore));
      describe('delete and clear', () => deleteSuite(getStore, harness.persistedText));
      describe('validation', () => validationSuite(getStore));
    },
  );
}
