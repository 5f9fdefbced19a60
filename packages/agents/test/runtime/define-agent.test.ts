import { AgenticFlowError } from '@agenticflow/core';
import { expectThrownCode } from '@agenticflow/core/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AgentFatalError } from '../../src/runtime/agent-errors.js';
import { defineAgent } from '../../src/runtime/define-agent.js';

describe('defineAgent', () => {
  it('describes its capabilities in JSON, with a JSON Schema of the input', () => {
    const agent = defineAgent({
      type: 'translator',
      capabilities: [
        { name: 'translate', version: '1.2.0', input: z.object({ text: z.string() }) },
      ],
      handle: () => null,
    });
    expect(agent.descriptors[0]).toMatchObject({
      name: 'translate',
      version: '1.2.0',
      inputSchema: { type: 'object', required: ['text'] },
    });
    expect(agent.isFatal(new AgentFatalError('x'))).toBe(true);
    expect(agent.isFatal(new AgenticFlowError('OTHER', 'x'))).toBe(false);
  });

  it('lists every problem of a bad definition', () => {
    const error = expectThrownCode(
      () =>
        defineAgent({
          type: 'Bad Type',
          capabilities: [{ name: 'Translate!', version: 'one' }],
          capacity: 0,
          handle: 'nope' as never,
        }),
      'VALIDATION_FAILED',
    );
    expect(error.message).toContain('type: "Bad Type" must be lower case');
    expect(error.message).toContain('capabilities.0.name: "Translate!" must be dotted lower case');
    expect(error.message).toContain('capabilities.0.version: "one" is not a semantic version');
    expect(error.message).toContain('handle: must be a function');
    expect(error.message).toContain('capacity: must be a positive integer, got 0');
  });
});
