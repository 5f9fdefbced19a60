import { type AgenticFlowError, hasErrorCode, isAgenticFlowError } from '@agenticflow/core';
import { expect } from 'vitest';

/** Awaits `promise`, expects it to reject with an AgenticFlowError of `code`, and returns the error. */
export async function expectErrorCode(
  promise: Promise<unknown>,
  code: string,
): Promise<AgenticFlowError> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected a ${code} error, but the call succeeded`).toBeDefined();
  if (!hasErrorCode(caught, code)) {
    const actual = isAgenticFlowError(caught) ? caught.code : String(caught);
    throw new Error(`expected error code ${code}, got ${actual}`, { cause: caught });
  }
  return caught;
}
