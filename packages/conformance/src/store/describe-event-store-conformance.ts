import type { EventStore } from '@agenticflow/core';
import { describe } from 'vitest';
import { describeWithResource } from '../describe-with-harness.js';
import type { EventStoreHarness } from '../harness.js';
import { appendConcurrencySuite } from './append-concurrency.suite.js';
import { appendExpectedVersionSuite } from './append-expected-version.suite.js';
import { capabilitiesSuite } from './capabilities.suite.js';
import { consumersSuite } from './consumers.suite.js';
import { deleteStreamSuite } from './delete-stream.suite.js';
import { idempotencySuite } from './idempotency.suite.js';
import { lifecycleSuite } from './lifecycle.suite.js';
import { literalInputSuite } from './literal-input.suite.js';
import { modelBasedSuite } from './model-based.suite.js';
import { readAllSuite } from './read-all.suite.js';
import { readStreamSuite } from './read-stream.suite.js';
import { snapshotsSuite } from './snapshots.suite.js';
import { subscribeSuite } from './subscribe.suite.js';
import { validationSuite } from './validation.suite.js';

/**
 * Registers the whole EventStore conformance suite for `harness` in the calling vitest file. Every
 * store, ours and third parties', must pass it.
 *
 * @example
 * ```ts
 * // postgres-event-store.int.test.ts
 * describeEventStoreConformance({
 *   name: 'postgres',
 *   skip: await unreachableReason(testServiceUrls.postgres),
 *   create: () => createPostgresEventStore({ connectionString: testServiceUrls.postgres }),
 * });
 * ```
 */
export function describeEventStoreConformance(harness: EventStoreHarness): void {
  describeWithResource(
    `EventStore conformance: ${harness.name}`,
    harness,
    (store: EventStore) => store.close(),
    (getStore) => {
      describe('append with expectedVersion', () => appendExpectedVersionSuite(getStore));
      describe('concurrent appends', () => appendConcurrencySuite(getStore));
      describe('idempotent appends', () => idempotencySuite(getStore));
      describe('validation', () => validationSuite(getStore));
      describe('readStream', () => readStreamSuite(getStore));
      describe('readAll', () => readAllSuite(getStore));
      describe('literal input', () => literalInputSuite(getStore));
      describe('subscribe', () => subscribeSuite(getStore));
      describe('named consumers', () => consumersSuite(getStore));
      describe('snapshots', () => snapshotsSuite(getStore));
      describe('deleteStream', () => deleteStreamSuite(getStore));
      describe('capabilities', () => capabilitiesSuite(getStore));
      describe('reference model', () => modelBasedSuite(getStore));
      describe('lifecycle', () => lifecycleSuite(harness));
    },
  );
}
