import { ValidationError } from '@agenticflow/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkedEvent, defineCheckedEvent } from '../../src/validation/define-checked-event.js';
import {
  array,
  boolean,
  checkOrThrow,
  firstOf,
  issueLines,
  json,
  literal,
  nonEmptyString,
  nullable,
  number,
  object,
  oneOf,
  optional,
  record,
  runCheck,
  string,
  stringOfLength,
  type ValueCheck,
  variants,
} from '../../src/validation/value-check.js';

function problems<T>(check: ValueCheck<T>, value: unknown): string[] {
  const result = runCheck(check, value);
  return result.ok ? [] : issueLines(result.issues);
}

describe('value checks', () => {
  it('accept what fits and describe what does not, with the value received', () => {
    expect(problems(string, 'a')).toEqual([]);
    expect(problems(string, 1)).toEqual(['(root): must be a string, got 1']);
    expect(problems(nonEmptyString, '')).toEqual(['(root): must be a non-empty string, got ""']);
    expect(problems(stringOfLength(2, 3), 'abcd')).toEqual([
      '(root): must be a string of 2 to 3 characters, got "abcd" (4)',
    ]);
    expect(problems(boolean, 'yes')).toEqual(['(root): must be true or false, got "yes"']);
    expect(problems(oneOf('a', 'b'), 'c')).toEqual(['(root): must be "a" or "b", got "c"']);
    expect(problems(literal('x'), 'x')).toEqual([]);
  });

  it('bound numbers: finite, whole, at least, above', () => {
    expect(problems(number(), Number.NaN)).toEqual(['(root): must be a finite number, got NaN']);
    expect(problems(number({ integer: true, min: 0 }), 1.5)).toEqual([
      '(root): must be a whole number of at least 0, got 1.5',
    ]);
    expect(problems(number({ integer: true, min: 0 }), -1)).toHaveLength(1);
    expect(problems(number({ above: 0 }), 0)).toEqual([
      '(root): must be a finite number above 0, got 0',
    ]);
    expect(problems(number({ above: 0 }), 0.1)).toEqual([]);
  });

  it('check objects field by field, drop unknown keys and report missing ones', () => {
    const check = object({ id: string, count: optional(number()), tags: array(string) });
    expect(runCheck(check, { id: 'a', tags: ['x'], extra: 1 })).toEqual({
      ok: true,
      value: { id: 'a', tags: ['x'] },
    });
    expect(problems(check, { count: 'two', tags: ['x', 3] })).toEqual([
      'id: is missing',
      'count: must be a finite number, got "two"',
      'tags.1: must be a string, got 3',
    ]);
    expect(problems(check, [])).toEqual(['(root): must be an object, got an array of 0']);
  });

  it('check records, nullable values and JSON', () => {
    expect(problems(record(number()), { a: 1, b: 'x' })).toEqual([
      'b: must be a finite number, got "x"',
    ]);
    expect(problems(nullable(string), null)).toEqual([]);
    expect(problems(nullable(string), 2)).toHaveLength(1);
    expect(problems(json, { a: [1, 'b', null] })).toEqual([]);
    expect(problems(json, undefined)).toEqual(['(root): must be JSON, got undefined']);
    expect(problems(json, { when: new Date(0) })).toHaveLength(1);
  });

  it('tell variants apart by a tag and name the known tags when it is wrong', () => {
    const check = variants<unknown>('kind', {
      offer: object({ kind: literal('offer'), price: number() }),
      accept: object({ kind: literal('accept') }),
    });
    expect(runCheck(check, { kind: 'accept', more: 1 })).toEqual({
      ok: true,
      value: { kind: 'accept' },
    });
    expect(problems(check, { kind: 'offer' })).toEqual(['price: is missing']);
    expect(problems(check, { kind: 'reject' })).toEqual([
      'kind: must be "offer" or "accept", got "reject"',
    ]);
  });

  it('take the first alternative that fits, or report the closest one', () => {
    const check = firstOf<unknown>([object({ a: string }), object({ b: number() })], (value) =>
      typeof value === 'object' && value !== null && 'b' in value ? 1 : 0,
    );
    expect(problems(check, { b: 2 })).toEqual([]);
    expect(problems(check, { b: 'x' })).toEqual(['b: must be a finite number, got "x"']);
    expect(problems(check, {})).toEqual(['a: is missing']);
  });

  it('throw VALIDATION_FAILED naming the input and every issue', () => {
    const error = (() => {
      try {
        checkOrThrow(object({ a: string, b: boolean }), {}, 'message for thread t-1');
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toContain('invalid message for thread t-1');
    expect((error as ValidationError).code).toBe('VALIDATION_FAILED');
    expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual([['a'], ['b']]);
  });
});

describe('checked events', () => {
  const Moved = checkedEvent('piece.moved', object({ to: stringOfLength(2, 2) }));

  it('create and parse events like core definitions, checking data both ways', () => {
    const created = Moved.create({ to: 'e4' }, { id: 'ev-1', metadata: { by: 'white' } });
    expect(created).toEqual({
      id: 'ev-1',
      type: 'piece.moved',
      data: { to: 'e4' },
      metadata: { by: 'white' },
    });
    expect(() => Moved.create({ to: 'e45' })).toThrow(/invalid data of event piece\.moved/);
    const stored = { ...created, streamId: 's', version: 1 } as never;
    expect(Moved.is(stored)).toBe(true);
    expect(Moved.parse(stored).data).toEqual({ to: 'e4' });
    expect(() => Moved.parse({ ...created, data: { to: 1 } } as never)).toThrow(
      /invalid data of event piece\.moved \(ev-1\)/,
    );
    expect(() => Moved.parse({ ...created, type: 'piece.taken' } as never)).toThrow(
      /ev-1 is not a piece\.moved/,
    );
  });

  it('refuse a type that is not dotted lower case', () => {
    expect(() => checkedEvent('Piece Moved', string)).toThrow(ValidationError);
  });

  it('build the zod schema of a public event only when it is asked for', () => {
    let built = 0;
    const Public = defineCheckedEvent('piece.moved', object({ to: string }), (zod) => {
      built += 1;
      return zod.object({ to: zod.string() });
    });
    expect(Public.create({ to: 'e4' }).data).toEqual({ to: 'e4' });
    expect(built).toBe(0);
    expect(Public.schema.safeParse({ to: 'e4' }).success).toBe(true);
    expect(Public.schema.safeParse({ to: 4 }).success).toBe(false);
    expect(Public.schema).toBe(Public.schema);
    expect(built).toBe(1);
    expect(Public.schema).toBeInstanceOf(z.ZodObject);
  });
});
