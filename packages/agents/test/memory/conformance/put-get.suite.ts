import { uniqueToken } from '@agenticflow/conformance';
import { expect, it } from 'vitest';
import type { MemoryStore } from '../../../src/memory/index.js';

export function putGetSuite(getStore: () => MemoryStore): void {
  it('returns what was put, with metadata, revision 1 and timestamps', async () => {
    const store = getStore();
    const ns = uniqueToken('ns');
    const put = await store.put(
      ns,
      'diet',
      { vegetarian: true, allergies: ['nuts'] },
      {
        metadata: { topic: 'food' },
      },
    );
    const got = await store.get(ns, 'diet');
    expect(got).toEqual(put);
    expect(got).toMatchObject({
      namespace: ns,
      key: 'diet',
      value: { vegetarian: true, allergies: ['nuts'] },
      metadata: { topic: 'food' },
      revision: 1,
    });
    expect(Date.parse(got?.createdAt ?? '')).not.toBeNaN();
    expect(got?.updatedAt).toBe(got?.createdAt);
  });

  it('replaces the value on a second put, raising the revision and keeping createdAt', async () => {
    const store = getStore();
    const ns = uniqueToken('ns');
    const first = await store.put(ns, 'k', 'one', { metadata: { a: 1 } });
    const second = await store.put(ns, 'k', 'two');
    expect(second).toMatchObject({ value: 'two', revision: 2, metadata: {} });
    expect(second.createdAt).toBe(first.createdAt);
    expect((await store.get(ns, 'k'))?.value).toBe('two');
  });

  it('returns undefined for a missing key and keeps namespaces apart', async () => {
    const store = getStore();
    const a = uniqueToken('ns');
    const b = uniqueToken('ns');
    await store.put(a, 'same-key', 'in a');
    await store.put(b, 'same-key', 'in b');
    expect(await store.get(a, 'missing')).toBeUndefined();
    expect(await store.get(uniqueToken('never-written'), 'k')).toBeUndefined();
    expect((await store.get(a, 'same-key'))?.value).toBe('in a');
    expect((await store.get(b, 'same-key'))?.value).toBe('in b');
  });

  it('stores a copy: changing the input afterwards changes nothing stored', async () => {
    const store = getStore();
    const ns = uniqueToken('ns');
    const value = { list: [1, 2] };
    const metadata = { tag: 'x' };
    await store.put(ns, 'k', value, { metadata });
    value.list.push(3);
    metadata.tag = 'y';
    expect(await store.get(ns, 'k')).toMatchObject({
      value: { list: [1, 2] },
      metadata: { tag: 'x' },
    });
  });

  it('keeps any JSON exactly: unicode, nesting, numbers, null, keys with odd characters', async () => {
    const store = getStore();
    const ns = uniqueToken('ns');
    const value = {
      text: 'héllo 👋 "quoted" \\ back\nslash',
      deep: { a: [null, true, false, 0, -1.5, 1e21, { b: [] }] },
      empty: {},
    };
    const key = 'user:42/prefs é 👋';
    await store.put(ns, key, value);
    expect((await store.get(ns, key))?.value).toEqual(value);
    await store.put(ns, 'scalar', null);
    expect((await store.get(ns, 'scalar'))?.value).toBeNull();
  });
}
