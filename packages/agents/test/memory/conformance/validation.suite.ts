import { uniqueToken } from '@agenticflow/conformance';
import { expectRejectedCode } from '@agenticflow/core/testing';
import { expect, it } from 'vitest';
import type { MemoryStore } from '../../../src/memory/index.js';

export function validationSuite(getStore: () => MemoryStore): void {
  it('rejects a bad namespace, naming it and the allowed form', async () => {
    const store = getStore();
    for (const namespace of ['', 'has~tilde', 'has space', '-leading', 'x'.repeat(201)]) {
      const error = await expectRejectedCode(store.put(namespace, 'k', 1), 'VALIDATION_FAILED');
      expect(error.message).toContain('is not a namespace: use 1-200 letters');
      await expectRejectedCode(store.get(namespace, 'k'), 'VALIDATION_FAILED');
      await expectRejectedCode(store.list(namespace), 'VALIDATION_FAILED');
      await expectRejectedCode(store.clear(namespace), 'VALIDATION_FAILED');
    }
    const error = await expectRejectedCode(store.put('has~tilde', 'k', 1), 'VALIDATION_FAILED');
    expect(error.message).toContain('"has~tilde"');
  });

  it('rejects a bad key', async () => {
    const store = getStore();
    const ns = uniqueToken('ns');
    const empty = await expectRejectedCode(store.put(ns, '', 1), 'VALIDATION_FAILED');
    expect(empty.message).toContain('"" is not a key: use a non-empty string');
    await expectRejectedCode(store.put(ns, 'x'.repeat(513), 1), 'VALIDATION_FAILED');
    await expectRejectedCode(store.put(ns, 42 as unknown as string, 1), 'VALIDATION_FAILED');
    await expectRejectedCode(store.delete(ns, ''), 'VALIDATION_FAILED');
  });

  it('rejects values and metadata that are not plain JSON, writing nothing', async () => {
    const store = getStore();
    const ns = uniqueToken('ns');
    const bad = [undefined, new Date(0), Number.NaN, { nested: { fn: () => 1 } }, 10n];
    for (const value of bad) {
      await expectRejectedCode(store.put(ns, 'k', value as never), 'VALIDATION_FAILED');
    }
    const date = await expectRejectedCode(
      store.put(ns, 'k', { at: new Date(0) } as never),
      'VALIDATION_FAILED',
    );
    expect(date.message).toContain('value.at: a Date is not plain JSON');
    const metadata = await expectRejectedCode(
      store.put(ns, 'k', 1, { metadata: ['not', 'an', 'object'] as never }),
      'VALIDATION_FAILED',
    );
    expect(metadata.message).toContain('metadata: must be a JSON object, got an array of 3');
    expect(await store.get(ns, 'k')).toBeUndefined();
  });

  it('rejects bad options with the offending value', async () => {
    const store = getStore();
    const ns = uniqueToken('ns');
    const revision = await expectRejectedCode(
      store.put(ns, 'k', 1, { expectedRevision: -1 }),
      'VALIDATION_FAILED',
    );
    expect(revision.message).toContain('-1 is not a revision');
    const limit = await expectRejectedCode(store.list(ns, { limit: 0 }), 'VALIDATION_FAILED');
    expect(limit.message).toContain('0 is not a limit: use an integer from 1 to 1000');
    await expectRejectedCode(store.list(ns, { order: 'up' as never }), 'VALIDATION_FAILED');
    await expectRejectedCode(store.search(ns, { limit: 5000 }), 'VALIDATION_FAILED');
    await expectRejectedCode(store.search(ns, { where: 'topic' as never }), 'VALIDATION_FAILED');
    await expectRejectedCode(store.search(ns, { text: 7 as never }), 'VALIDATION_FAILED');
  });
}
