import { uniqueToken } from '@agenticflow/conformance';
import { expect, it } from 'vitest';
import type { MemoryStore } from '../../../src/memory/index.js';

async function seed(store: MemoryStore): Promise<string> {
  const ns = uniqueToken('ns');
  await store.put(
    ns,
    'invoice-1',
    { text: 'Refund the invoice. Invoice was paid twice.' },
    {
      metadata: { topic: 'billing', tags: ['urgent', 'refund'], priority: 1 },
    },
  );
  await store.put(
    ns,
    'invoice-2',
    { text: 'Send the invoice by mail' },
    {
      metadata: { topic: 'billing', tags: ['mail'], priority: 2 },
    },
  );
  await store.put(
    ns,
    'lunch',
    { text: 'Vegetarian, no nuts', notes: ['likes REFUNDS?'] },
    {
      metadata: { topic: 'food', priority: 1 },
    },
  );
  return ns;
}

const keys = (hits: readonly { record: { key: string } }[]) => hits.map((hit) => hit.record.key);

export function searchSuite(getStore: () => MemoryStore): void {
  it('filters on metadata equality, all fields at once', async () => {
    const store = getStore();
    const ns = await seed(store);
    expect(keys(await store.search(ns, { where: { topic: 'billing' } }))).toEqual([
      'invoice-1',
      'invoice-2',
    ]);
    expect(keys(await store.search(ns, { where: { topic: 'billing', priority: 1 } }))).toEqual([
      'invoice-1',
    ]);
    expect(await store.search(ns, { where: { topic: 'sports' } })).toEqual([]);
    expect(await store.search(ns, { where: { missing: null } })).toEqual([]);
  });

  it('matches a value contained in an array field', async () => {
    const store = getStore();
    const ns = await seed(store);
    expect(keys(await store.search(ns, { where: { tags: 'urgent' } }))).toEqual(['invoice-1']);
    expect(keys(await store.search(ns, { where: { tags: ['mail'] } }))).toEqual(['invoice-2']);
  });

  it('finds records holding every word of the text, case-insensitively, most occurrences first', async () => {
    const store = getStore();
    const ns = await seed(store);
    const hits = await store.search(ns, { text: 'INVOICE' });
    expect(keys(hits)).toEqual(['invoice-1', 'invoice-2']);
    // key + "Refund the invoice. Invoice …" against key + "Send the invoice …"
    expect(hits.map((hit) => hit.score)).toEqual([3, 2]);
    expect(keys(await store.search(ns, { text: 'refund   paid' }))).toEqual(['invoice-1']);
    expect(keys(await store.search(ns, { text: 'refund' }))).toEqual(['invoice-1', 'lunch']);
    expect(await store.search(ns, { text: 'refund pizza' })).toEqual([]);
  });

  it('combines text, metadata, prefix and limit', async () => {
    const store = getStore();
    const ns = await seed(store);
    expect(keys(await store.search(ns, { text: 'refund', where: { topic: 'food' } }))).toEqual([
      'lunch',
    ]);
    expect(keys(await store.search(ns, { prefix: 'invoice-', limit: 1 }))).toEqual(['invoice-1']);
    const hit = (await store.search(ns, { where: { topic: 'food' } }))[0];
    expect(hit).toMatchObject({
      score: 1,
      record: { key: 'lunch', value: { text: 'Vegetarian, no nuts' } },
    });
  });
}
