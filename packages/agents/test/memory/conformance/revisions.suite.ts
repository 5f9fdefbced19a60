import { uniqueToken } from '@agenticflow/conformance';
import { expectRejectedCode } from '@agenticflow/core/testing';
import { expect, it } from 'vitest';
import type { MemoryStore } from '../../../src/memory/index.js';

export function revisionsSuite(getStore: () => MemoryStore): void {
  it('creates with expectedRevision 0 only when the key does not exist', async () => {
    const store = getStore();
    const ns = uniqueToken('ns');
    await store.put(ns, 'k', 'first', { expectedRevision: 0 });
    const error = await expectRejectedCode(
      store.put(ns, 'k', 'second', { expectedRevision: 0 }),
      'MEMORY_REVISION_CONFLICT',
    );
    expect(error.details).toMatchObject({
      namespace: ns,
      key: 'k',
      expectedRevision: 0,
      actualRevision: 1,
    });
    expect(error.message).toContain('read it again and retry');
    expect((await store.get(ns, 'k'))?.value).toBe('first');
  });

  it('writes when expectedRevision matches and refuses a stale one', async () => {
    const store = getStore();
    const ns = uniqueToken('ns');
    await store.put(ns, 'k', 1);
    const second = await store.put(ns, 'k', 2, { expectedRevision: 1 });
    expect(second.revision).toBe(2);
    await expectRejectedCode(
      store.put(ns, 'k', 3, { expectedRevision: 1 }),
      'MEMORY_REVISION_CONFLICT',
    );
    await expectRejectedCode(
      store.put(ns, 'new', 3, { expectedRevision: 1 }),
      'MEMORY_REVISION_CONFLICT',
    );
    expect(await store.get(ns, 'k')).toMatchObject({ value: 2, revision: 2 });
    expect(await store.get(ns, 'new')).toBeUndefined();
  });

  it('checks expectedRevision on delete', async () => {
    const store = getStore();
    const ns = uniqueToken('ns');
    await store.put(ns, 'k', 'v');
    await expectRejectedCode(
      store.delete(ns, 'k', { expectedRevision: 2 }),
      'MEMORY_REVISION_CONFLICT',
    );
    expect(await store.get(ns, 'k')).toBeDefined();
    expect(await store.delete(ns, 'k', { expectedRevision: 1 })).toBe(true);
    expect(await store.get(ns, 'k')).toBeUndefined();
  });

  it('lets exactly one of many concurrent creators win', async () => {
    const store = getStore();
    const ns = uniqueToken('ns');
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, n) => store.put(ns, 'k', n, { expectedRevision: 0 })),
    );
    const won = results.filter((result) => result.status === 'fulfilled');
    expect(won).toHaveLength(1);
    const winner = (won[0] as PromiseFulfilledResult<{ value: unknown }>).value.value;
    expect((await store.get(ns, 'k'))?.value).toBe(winner);
  });

  it('loses no write when many keys of one namespace are put concurrently', async () => {
    const store = getStore();
    const ns = uniqueToken('ns');
    await Promise.all(Array.from({ length: 12 }, (_, n) => store.put(ns, `k${n}`, n)));
    const { records } = await store.list(ns);
    expect(records.map((record) => record.value).sort((a, b) => Number(a) - Number(b))).toEqual(
      Array.from({ length: 12 }, (_, n) => n),
    );
  });
}
