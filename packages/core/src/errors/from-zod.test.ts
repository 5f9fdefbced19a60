import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { hasErrorCode } from './agenticflow-error.js';
import { ValidationError } from './core-errors.js';
import { parseWithSchema, zodIssuesToValidationIssues } from './from-zod.js';

const schema = z.object({ name: z.string(), tags: z.array(z.string()), count: z.number().int() });

describe('parseWithSchema', () => {
  it('returns the parsed output when the value fits', () => {
    const trimmed = z.object({ name: z.string().trim() });
    expect(parseWithSchema(trimmed, { name: '  x ' }, 'input')).toEqual({ name: 'x' });
  });

  it('wraps a zod failure as VALIDATION_FAILED listing every issue with its path', () => {
    let thrown: unknown;
    try {
      parseWithSchema(schema, { name: 1, tags: ['ok', 2], count: 1.5 }, 'tool input for fs.read');
    } catch (error) {
      thrown = error;
    }
    expect(hasErrorCode(thrown, 'VALIDATION_FAILED')).toBe(true);
    const error = thrown as ValidationError;
    expect(ValidationError.is(error)).toBe(true);
    expect(error.issues.map((issue) => issue.path)).toEqual([['name'], ['tags', 1], ['count']]);
    expect(error.message).toMatch(
      /^invalid tool input for fs.read: name: .*; tags\.1: .*; count: /,
    );
    expect(error.cause).toBeInstanceOf(z.ZodError);
  });
});

describe('zodIssuesToValidationIssues', () => {
  it('turns symbol path keys into strings', () => {
    const key = Symbol('k');
    const issues = zodIssuesToValidationIssues([
      { code: 'custom', path: ['a', key, 2], message: 'nope', input: undefined },
    ]);
    expect(issues).toEqual([{ path: ['a', 'Symbol(k)', 2], message: 'nope' }]);
  });
});
