import { uniqueToken } from '@agenticflow/conformance';
import { expect, it } from 'vitest';
import type { MemoryStore } from '../../../src/memory/index.js';

export function deleteSuite(
  getStore: () => MemoryStore,
  persistedText: (() => Promise<string>) | undefined,
): void {
  it('deletes a record from every read, returning false when there is none', async () => {
    const store = getStore();
    const ns = uniqueToken('ns');
    await store.put(ns, 'gone', 'x', { metadata: { tag: 't' } });
    await store.put(ns, 'kept', 'y', { metadata: { tag: 't' } });
    expect(await store.delete(ns, 'gone')).toBe(true);
    expect(await store.get(ns, 'gone')).toBeUndefined();
    expect((await store.list(ns)).records.map((record) => record.key)).toEqual(['kept']);
    expect((await store.search(ns, { where: { tag: 't' } })).map((hit) => hit.record.key)).toEqual([
      'kept',
    ]);
    expect(await store.delete(ns, 'gone')).toBe(false);
    expect(await store.delete(uniqueToken('never-written'), 'k')).toBe(false);
    expect((await store.get(ns, 'kept'))?.value).toBe('y');
  });

  it('starts a key deleted and put again at revision 1', async () => {
    const store = getStore();
    const ns = uniqueToken('ns');
    await store.put(ns, 'k', 1);
    await store.put(ns, 'k', 2);
    await store.delete(ns, 'k');
    expect(await store.put(ns, 'k', 3, { expectedRevision: 0 })).toMatchObject({
      value: 3,
      revision: 1,
    });
  });

  it('clears a namespace, returning how many records it held, and leaves others alone', async () => {
    const store = getStore();
    const ns = uniqueToken('ns');
    const other = uniqueToken('ns');
    for (const key of ['a', 'b', 'c']) await store.put(ns, key, key);
    await store.put(other, 'a', 'other');
    expect(await store.clear(ns)).toBe(3);
    expect(await store.list(ns)).toEqual({ records: [] });
    expect(await store.clear(ns)).toBe(0);
    expect((await store.get(other, 'a'))?.value).toBe('other');
    await store.put(ns, 'a', 'again');
    expect((await store.get(ns, 'a'))?.value).toBe('again');
  });

  if (persistedText) {
    it('removes deleted and cleared records from what the backend persists', async () => {
      const store = getStore();
      const ns = uniqueToken('ns');
      const otherNs = uniqueToken('ns');
      const [deletedKey, deletedValue, clearedKey, clearedValue, keptKey] = [
        'deleted-key',
        'deleted-value',
        'cleared-key',
        'cleared-value',
        'kept-key',
      ].map((label) => uniqueToken(label));
      await store.put(ns, deletedKey as string, { text: deletedValue as string });
      await store.put(ns, keptKey as string, 'kept');
      await store.put(otherNs, clearedKey as string, clearedValue as string);
      const before = await persistedText();
      expect(before).toContain(deletedKey);
      expect(before).toContain(clearedKey);
      await store.delete(ns, deletedKey as string);
      await store.clear(otherNs);
      const after = await persistedText();
      for (const gone of [deletedKey, deletedValue, clearedKey, clearedValue])
        expect(after).not.toContain(gone);
      expect(after).toContain(keptKey);
      expect((await store.get(ns, keptKey as string))?.value).toBe('kept');
    });
  }
}
