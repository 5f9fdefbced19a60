import { describe } from 'vitest';
import { describeUnlessSkipped } from '../describe-with-harness.js';
import type { EventBusHarness } from '../harness.js';
import { closeSuite } from './close.suite.js';
import { deadLetterSuite } from './dead-letter.suite.js';
import { fanOutSuite } from './fan-out.suite.js';
import { groupsSuite } from './groups.suite.js';
import { messageValidationSuite } from './message-validation.suite.js';
import { redeliverySuite } from './redelivery.suite.js';
import { unsubscribeSuite } from './unsubscribe.suite.js';
import { wildcardsSuite } from './wildcards.suite.js';

/**
 * Registers the whole EventBus conformance suite for `harness` in the calling vitest file. Each test
 * gets a fresh bus from `harness.create()`.
 *
 * @example
 * ```ts
 * describeEventBusConformance({
 *   name: 'nats',
 *   skip: await unreachableReason(testServiceUrls.nats),
 *   create: () => createNatsEventBus({ servers: testServiceUrls.nats }),
 * });
 * ```
 */
export function describeEventBusConformance(harness: EventBusHarness): void {
  describeUnlessSkipped(`EventBus conformance: ${harness.name}`, harness.skip, () => {
    describe('fan-out', () => fanOutSuite(harness));
    describe('groups', () => groupsSuite(harness));
    describe('redelivery', () => redeliverySuite(harness));
    describe('dead letters', () => deadLetterSuite(harness));
    describe('wildcards', () => wildcardsSuite(harness));
    describe('unsubscribe', () => unsubscribeSuite(harness));
    describe('close', () => closeSuite(harness));
    describe('message validation', () => messageValidationSuite(harness));
  });
}
