import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/core-errors.js';
import { expectRejectedCode, expectThrownCode } from './expect-error-code.js';

const invalid = () => {
  throw new ValidationError('bad input', [{ path: ['x'], message: 'is wrong' }]);
};

describe('expectThrownCode and expectRejectedCode', () => {
  it('return the error when it carries the expected code', async () => {
    expect(expectThrownCode(invalid, 'VALIDATION_FAILED').message).toContain('is wrong');
    const rejected = await expectRejectedCode(
      Promise.reject(new ValidationError('no', [])),
      'VALIDATION_FAILED',
    );
    expect(rejected.code).toBe('VALIDATION_FAILED');
  });

  it('throw, naming both codes, when the code differs', async () => {
    expect(() => expectThrownCode(invalid, 'TIMEOUT')).toThrow(
      /expected error code TIMEOUT, got VALIDATION_FAILED/,
    );
    await expect(expectRejectedCode(Promise.reject(new Error('plain')), 'TIMEOUT')).rejects.toThrow(
      /expected error code TIMEOUT, got Error: plain/,
    );
  });

  it('throw when nothing was thrown', async () => {
    expect(() => expectThrownCode(() => 1, 'TIMEOUT')).toThrow(/but the call succeeded/);
    await expect(expectRejectedCode(Promise.resolve(1), 'TIMEOUT')).rejects.toThrow(
      /but the call succeeded/,
    );
  });
});
