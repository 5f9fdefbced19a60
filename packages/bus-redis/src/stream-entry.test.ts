import { describe, expect, it } from 'vitest';
import { decodeEntry, encodeFields, entryTime, messageIdOf, toBusMessage } from './stream-entry.js';

const message = { id: 'm-1', topic: 'task.run', payload: { n: 1, text: 'héllo' }, headers: {} };

describe('stream entries', () => {
  it('encodes the topic and a [id, payload] body in one field, adding headers only when there are some', () => {
    expect(encodeFields(message)).toEqual(['m', 'task.run\n["m-1",{"n":1,"text":"héllo"}]']);
    expect(encodeFields({ ...message, headers: { a: 'b' } }, ['*'])).toEqual([
      '*',
      'm',
      'task.run\n["m-1",{"n":1,"text":"héllo"},{"a":"b"}]',
    ]);
  });

  it('decodes what it encoded and delivers it with the publish time of the entry id', () => {
    const fields = encodeFields({ ...message, headers: { traceparent: 'x' } }).map(String);
    const entry = decodeEntry('app:stream', '1700000000123-4', fields)!;
    expect(entry).toMatchObject({ stream: 'app:stream', entryId: '1700000000123-4' });
    expect(toBusMessage(entry, 3)).toEqual({
      id: 'm-1',
      topic: 'task.run',
      payload: { n: 1, text: 'héllo' },
      headers: { traceparent: 'x' },
      publishedAt: '2023-11-14T22:13:20.123Z',
      deliveryAttempt: 3,
    });
    expect(messageIdOf(entry)).toBe('m-1');
    expect(entryTime('1700000000123-4')).toBe(1_700_000_000_123);
  });

  it('gives each delivery its own payload object', () => {
    const entry = decodeEntry('s', '1-0', encodeFields(message).map(String))!;
    expect(toBusMessage(entry, 1).payload).not.toBe(toBusMessage(entry, 2).payload);
  });

  it('refuses entries another program wrote, and trimmed entries without fields', () => {
    expect(decodeEntry('s', '1-0', ['something', 'else'])).toBeUndefined();
    expect(decodeEntry('s', '1-0', ['m', 'no line break'])).toBeUndefined();
    expect(decodeEntry('s', '1-0', ['m', '\n[]'])).toBeUndefined();
    expect(decodeEntry('s', '1-0', ['m', 'a\n[]', 'x', 'y'])).toBeUndefined();
    expect(decodeEntry('s', '1-0', null)).toBeUndefined();
  });

  it('throws VALIDATION_FAILED on delivery of a body it cannot read', () => {
    for (const body of ['{not json', '{"id":1}', '[1,2]', '["id",1,"headers"]']) {
      const entry = decodeEntry('s', '1-0', ['m', `a.b\n${body}`])!;
      expect(() => toBusMessage(entry, 1)).toThrow(/unreadable body/);
      expect(messageIdOf(entry)).toBe('(entry 1-0)');
    }
  });
});
