import { uniqueToken } from '@agenticflow/conformance';
import { expect, it } from 'vitest';
import type { MemoryListOptions, MemoryStore } from '../../../src/memory/index.js';

async function allPages(store: MemoryStore, ns: string, options: MemoryListOptions) {
  const keys: string[] = [];
  let after: string | undefined;
  let pages = 0;
  do {
    const page = await store.list(ns, { ...options, ...(after === undefined ? {} : { after }) });
    keys.push(...page.records.map((record) => record.key));
    after = page.next;
    pages++;
  } while (after !== undefined && pages < 50);
  return { keys, pages };
}

export function listSuite(getStore: () => MemoryStore): void {
  it('lists records in key order', async () => {
    const store = getStore();
    const ns = uniqueToken('ns');
    for (const key of ['b', 'a', 'c', 'B']) await store.put(ns, key, key);
    const page = await store.list(ns);
    expect(page.records.map((record) => record.key)).toEqual(['B', 'a', 'b', 'c']);
    expect(page.records.map((record) => record.value)).toEqual(['B', 'a', 'b', 'c']);
    expect(page.next).toBeUndefined();
  });

  it('paginates forwards and backwards, returning every key once', async () => {
    const store = getStore();
    const ns = uniqueToken('ns');
    const keys = Array.from({ length: 7 }, (_, n) => `key-${n}`);
    for (const key of keys) await store.put(ns, key, key);
    const forwards = await allPages(store, ns, { limit: 3 });
    expect(forwards).toEqual({ keys, pages: 3 });
    const backwards = await allPages(store, ns, { limit: 3, order: 'desc' });
    expect(backwards).toEqual({ keys: [...keys].reverse(), pages: 3 });
    const exact = await store.list(ns, { limit: 7 });
    expect(exact.next).toBeUndefined();
  });

  it('filters by key prefix', async () => {
    const store = getStore();
    const ns = uniqueToken('ns');
    for (const key of ['note/1', 'note/2', 'task/1', 'notebook']) await store.put(ns, key, 1);
    const page = await store.list(ns, { prefix: 'note/' });
    expect(page.records.map((record) => record.key)).toEqual(['note/1', 'note/2']);
  });

  it('returns an empty page for an empty or unknown namespace', async () => {
    const store = getStore();
    expect(await store.list(uniqueToken('ns'))).toEqual({ records: [] });
  });
}
