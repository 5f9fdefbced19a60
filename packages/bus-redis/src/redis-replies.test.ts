import { expectThrownCode } from '@agenticflow/core/testing';
import { describe, expect, it } from 'vitest';
import {
  autoClaimReply,
  entryList,
  mapField,
  streamReadReply,
  textReply,
} from './redis-replies.js';

const first: [string, string[]] = ['1-0', ['m', 'a.b\n["x",1]']];
const second: [string, string[]] = ['1-1', ['m', 'a.b\n["y",2]']];

describe('replies in RESP2 and RESP3 shapes', () => {
  it('reads XREADGROUP nested (RESP2), flat (RESP3 legacy mapping) and as an object (resp3 mapping) alike', () => {
    const expected = [
      ['s1', [first]],
      ['s2', [second]],
    ];
    expect(
      streamReadReply([
        ['s1', [first]],
        ['s2', [second]],
      ]),
    ).toEqual(expected);
    expect(streamReadReply(['s1', [first], 's2', [second]])).toEqual(expected);
    expect(streamReadReply({ s1: [first], s2: [second] })).toEqual(expected);
  });

  it('reads an XREADGROUP that timed out, or found nothing, as no streams', () => {
    expect(streamReadReply(null)).toEqual([]);
    expect(streamReadReply([])).toEqual([]);
    expect(streamReadReply({})).toEqual([]);
  });

  it('keeps deleted entries, which Redis sends with null fields, in every shape', () => {
    const deleted = ['1-2', null];
    expect(streamReadReply(['s', [deleted]])).toEqual([['s', [deleted]]]);
    expect(streamReadReply({ s: [deleted] })).toEqual([['s', [deleted]]]);
    expect(autoClaimReply(['0-0', [deleted], []])).toEqual({ cursor: '0-0', entries: [deleted] });
  });

  it('reads XAUTOCLAIM with and without the deleted ids of Redis 7', () => {
    expect(autoClaimReply(['1-5', [first], ['1-3']])).toEqual({ cursor: '1-5', entries: [first] });
    expect(autoClaimReply(['0-0', []])).toEqual({ cursor: '0-0', entries: [] });
  });

  it('reads a field of a map reply as a flat array or a plain object', () => {
    const flat = ['name', 'g:workers', 'consumers', 2, 'last-delivered-id', '1-1'];
    const object = { name: 'g:workers', consumers: 2, 'last-delivered-id': '1-1' };
    for (const row of [flat, object]) {
      expect(mapField(row, 'name')).toBe('g:workers');
      expect(mapField(row, 'consumers')).toBe(2);
      expect(mapField(row, 'lag')).toBeUndefined();
    }
    expect(mapField(['appendfsync', 'always'], 'appendfsync')).toBe('always');
    expect(mapField({ appendfsync: 'always' }, 'appendfsync')).toBe('always');
    // A value equal to the key is not mistaken for the key.
    expect(mapField(['a', 'name', 'name', 'n'], 'name')).toBe('n');
    expect(mapField({}, 'toString')).toBeUndefined();
    expect(mapField(null, 'name')).toBeUndefined();
  });

  it('reads text replies sent as strings, verbatim strings or buffers', () => {
    expect(textReply('resp=3', 'CLIENT INFO')).toBe('resp=3');
    expect(textReply(new String('resp=3'), 'CLIENT INFO')).toBe('resp=3');
    expect(textReply(Buffer.from('resp=3'), 'CLIENT INFO')).toBe('resp=3');
  });

  it('fails with INTERNAL naming the command and the reply when a shape is unknown', () => {
    expect(() => streamReadReply(42)).toThrow(/unexpected reply to XREADGROUP from Redis: 42/);
    expect(() => streamReadReply([42])).toThrow(
      /unexpected reply to XREADGROUP from Redis: \[42\]/,
    );
    expect(() => autoClaimReply('0-0')).toThrow(/XAUTOCLAIM/);
    expect(() => streamReadReply(['s', { a: 1 }])).toThrow(/XREADGROUP from Redis: \{"a":1\}/);
    expect(() => entryList({ a: 1 }, 'XCLAIM')).toThrow(/XCLAIM/);
    const error = expectThrownCode(() => textReply(7, 'CLIENT INFO'), 'INTERNAL');
    expect(error.message).toContain('unexpected reply to CLIENT INFO from Redis: 7');
    expect(error.details).toMatchObject({ command: 'CLIENT INFO' });
  });
});
