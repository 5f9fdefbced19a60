import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ValidationIssue } from '../errors/core-errors.js';
import { checkJson, jsonByteLength, MAX_JSON_DEPTH } from './json.js';

function check(value: unknown, copy = false) {
  const issues: ValidationIssue[] = [];
  const result = checkJson(value, ['data'], issues, copy);
  return { ...result, issues };
}

function nested(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = [value];
  return value;
}

/** fc.jsonValue may generate an own "__proto__" key, which checkJson refuses on purpose. */
function hasProtoKey(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (Object.hasOwn(value, '__proto__')) return true;
  return Object.values(value).some(hasProtoKey);
}

const jsonValues = fc
  .oneof(fc.jsonValue(), fc.jsonValue({ stringUnit: 'grapheme' }))
  .filter((value) => !hasProtoKey(value));

function expectDeepFrozen(value: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  expect(Object.isFrozen(value)).toBe(true);
  for (const child of Object.values(value)) expectDeepFrozen(child);
}

describe('checkJson', () => {
  it('accepts plain JSON, including null-prototype objects, without issues', () => {
    const plain = { a: [1, 'two', true, null, { b: -1.5e300 }], c: '', d: {} };
    const bare = Object.assign(Object.create(null) as object, { x: 1 });
    expect(check(plain).issues).toEqual([]);
    expect(check(bare).issues).toEqual([]);
    expect(check('emoji 🎉 and ünïcödé').issues).toEqual([]);
  });

  it.each([
    ['undefined', undefined, /undefined is not JSON/],
    ['a function', () => 1, /a function is not JSON/],
    ['a symbol', Symbol('s'), /a symbol is not JSON/],
    ['a BigInt', 10n, /a BigInt is not JSON/],
    ['NaN', Number.NaN, /NaN is not valid JSON/],
    ['Infinity', Number.POSITIVE_INFINITY, /Infinity is not valid JSON/],
    ['-Infinity', Number.NEGATIVE_INFINITY, /-Infinity is not valid JSON/],
    ['a Date', new Date(0), /a Date is not plain JSON/],
    ['a Map', new Map([['a', 1]]), /a Map is not plain JSON/],
    ['a Set', new Set([1]), /a Set is not plain JSON/],
    ['a Buffer', Buffer.from('hi'), /a Buffer is not plain JSON/],
    ['a class instance', new (class Point {})(), /a Point is not plain JSON/],
    ['\\u0000 in a string', 'a\u0000b', /\\u0000 cannot be stored/],
    ['a lone high surrogate', 'x\ud83dy', /lone UTF-16 surrogate/],
    ['a lone low surrogate', '\ude00', /lone UTF-16 surrogate/],
  ])('rejects %s with a message saying what to do', (_name, value, message) => {
    const { issues } = check({ field: value });
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toEqual(['data', 'field']);
    expect(issues[0]!.message).toMatch(message);
  });

  it('rejects a hole in a sparse array at its index', () => {
    // biome-ignore lint/suspicious/noSparseArray: the hole is what is being tested.
    const { issues } = check([1, , 3]);
    expect(issues.length).toBeGreaterThanOrEqual(1);
    expect(issues[0]).toEqual({
      path: ['data', 1],
      message: 'a hole in a sparse array is not JSON: fill it with null',
    });
  });

  it('rejects an own "__proto__" key such as JSON.parse creates', () => {
    const parsed: unknown = JSON.parse('{"ok":1,"__proto__":{"polluted":true}}');
    const { issues, value } = check(parsed, true);
    expect(issues).toEqual([
      { path: ['data', '__proto__'], message: 'the key "__proto__" is not allowed: rename it' },
    ]);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  it('rejects \\u0000 and lone surrogates in keys too', () => {
    expect(check({ 'a\u0000': 1 }).issues[0]!.path).toEqual(['data', 'a\u0000']);
    expect(check({ '\ud800': 1 }).issues[0]!.message).toMatch(/surrogate/);
  });

  it(`accepts ${MAX_JSON_DEPTH} levels of nesting and rejects one more`, () => {
    expect(check(nested(MAX_JSON_DEPTH)).issues).toEqual([]);
    const { issues } = check(nested(MAX_JSON_DEPTH + 1));
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toHaveLength(1 + MAX_JSON_DEPTH);
    expect(issues[0]!.message).toMatch(/nested more than 128 levels deep, or circular/);
  });

  it('rejects a circular value instead of looping', () => {
    const loop: Record<string, unknown> = { name: 'loop' };
    loop.self = loop;
    const { issues } = check(loop);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toMatch(/circular/);
  });

  it('reports the full path of every issue and prefixes the given path', () => {
    const { issues } = check({ a: [{ b: undefined }, 1], c: { d: { e: Number.NaN } } });
    expect(issues.map((issue) => issue.path)).toEqual([
      ['data', 'a', 0, 'b'],
      ['data', 'c', 'd', 'e'],
    ]);
  });

  it('stops collecting after 20 issues', () => {
    const { issues } = check(Array.from({ length: 50 }, () => undefined));
    expect(issues).toHaveLength(20);
  });

  it('returns the input itself when copy is false', () => {
    const input = { a: { b: [1] } };
    const { value } = check(input, false);
    expect(value).toBe(input);
    expect(Object.isFrozen(input)).toBe(false);
  });

  it('returns a deep-frozen copy that does not alias the input when copy is true', () => {
    const input = { a: { b: [1, { c: 'x' }] }, d: [[2]] };
    const { value, issues } = check(input, true);
    expect(issues).toEqual([]);
    expect(value).toEqual(input);
    expect(value).not.toBe(input);
    const copied = value as typeof input;
    expect(copied.a).not.toBe(input.a);
    expect(copied.a.b).not.toBe(input.a.b);
    expect(copied.d[0]).not.toBe(input.d[0]);
    expectDeepFrozen(value);
    input.a.b.push(3);
    expect(copied.a.b).toHaveLength(2);
  });

  it('normalises -0 to 0', () => {
    expect(Object.is(check(-0).value, 0)).toBe(true);
    const { value } = check({ n: -0, list: [-0] }, true);
    expect(Object.is((value as { n: number }).n, 0)).toBe(true);
    expect(Object.is((value as { list: number[] }).list[0], 0)).toBe(true);
  });

  it('bounds the encoded size from above for tricky strings', () => {
    for (const value of ['"\\\n\t', '\u0001\u001f', '🎉🎉', 'ü'.repeat(50), { '"\n': '\u0007' }]) {
      const { maxBytes, issues } = check(value);
      expect(issues).toEqual([]);
      expect(maxBytes).toBeGreaterThanOrEqual(Buffer.byteLength(JSON.stringify(value)));
    }
  });

  it('has no issues and an upper bound of the UTF-8 size for arbitrary JSON values', () => {
    fc.assert(
      fc.property(jsonValues, (value) => {
        const { issues, maxBytes } = check(value);
        expect(issues).toEqual([]);
        expect(maxBytes).toBeGreaterThanOrEqual(Buffer.byteLength(JSON.stringify(value), 'utf8'));
      }),
      { numRuns: 500 },
    );
  });

  it('finds an issue exactly when an arbitrary JSON value holds \\u0000', () => {
    fc.assert(
      fc.property(
        fc.jsonValue({ stringUnit: 'binary' }).filter((v) => !hasProtoKey(v)),
        (value) => {
          const { issues } = check(value);
          expect(issues.length > 0).toBe(JSON.stringify(value).includes('\\u0000'));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('copies arbitrary JSON values into equal values', () => {
    fc.assert(
      fc.property(jsonValues, (value) => {
        const { value: copied } = check(value, true);
        expect(JSON.stringify(copied)).toBe(JSON.stringify(value));
      }),
      { numRuns: 200 },
    );
  });
});

describe('jsonByteLength', () => {
  it('counts UTF-8 bytes of the JSON text', () => {
    expect(jsonByteLength('é')).toBe(4);
    expect(jsonByteLength({ a: [1, null] })).toBe('{"a":[1,null]}'.length);
  });
});
