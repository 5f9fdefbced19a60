import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ValidationError } from '../errors/core-errors.js';
import { isUuid, uuidV7Time } from '../util/uuid.js';
import { defineEvent } from './define-event.js';
import type { AgenticEvent } from './envelope.js';

const StepCompleted = defineEvent(
  'step.completed',
  z.object({ stepId: z.string(), attempt: z.number().int().default(1) }),
);

function stored(type: string, data: unknown): AgenticEvent {
  return {
    id: '0192f3c4-8a1b-7000-9c4e-5d2f1a3b7e90',
    type,
    streamId: 'run-1',
    version: 1,
    position: 1n,
    time: '2026-01-01T00:00:00.000Z',
    data,
    metadata: {},
  };
}

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('defineEvent', () => {
  it.each(['Step.Completed', 'step completed', '.step', 'step.', '1step', 'step..done', ''])(
    'rejects the type %j when the event is defined',
    (type) => {
      const error = thrownBy(() => defineEvent(type, z.object({})));
      expect(ValidationError.is(error)).toBe(true);
      expect((error as ValidationError).issues[0]!.path).toEqual(['type']);
      expect((error as Error).message).toContain('must be dotted lower case');
    },
  );

  it('exposes its type and schema', () => {
    expect(StepCompleted.type).toBe('step.completed');
    expect(StepCompleted.schema.safeParse({ stepId: 'a' }).success).toBe(true);
  });

  it('creates an event with parsed data and a fresh UUIDv7 id', () => {
    const before = Date.now();
    const first = StepCompleted.create({ stepId: 'fetch' });
    const second = StepCompleted.create({ stepId: 'fetch' });
    expect(first.type).toBe('step.completed');
    expect(first.data).toEqual({ stepId: 'fetch', attempt: 1 });
    expect(isUuid(first.id)).toBe(true);
    expect(first.id?.[14]).toBe('7');
    expect(uuidV7Time(first.id!)).toBeGreaterThanOrEqual(before);
    expect(second.id).not.toBe(first.id);
    expect('metadata' in first).toBe(false);
  });

  it('keeps a given id and metadata', () => {
    const id = '0192f3c4-8a1b-7000-9c4e-5d2f1a3b7e90';
    const event = StepCompleted.create(
      { stepId: 's', attempt: 3 },
      { id, metadata: { correlationId: 'c-1', actor: 'agent-7' } },
    );
    expect(event).toEqual({
      id,
      type: 'step.completed',
      data: { stepId: 's', attempt: 3 },
      metadata: { correlationId: 'c-1', actor: 'agent-7' },
    });
  });

  it('refuses data that does not fit the schema with VALIDATION_FAILED naming the event type', () => {
    const error = thrownBy(() =>
      StepCompleted.create({ stepId: 5 } as unknown as { stepId: string }),
    );
    expect(ValidationError.is(error)).toBe(true);
    expect((error as ValidationError).issues[0]!.path).toEqual(['stepId']);
    expect((error as Error).message).toMatch(/^invalid data of event step.completed: stepId: /);
  });

  it('narrows by type with is, without checking data', () => {
    expect(StepCompleted.is(stored('step.completed', { stepId: 'x' }))).toBe(true);
    expect(StepCompleted.is(stored('step.completed', 'not the shape'))).toBe(true);
    expect(StepCompleted.is(stored('step.failed', { stepId: 'x' }))).toBe(false);
  });

  it('parses a stored event, validating its data and keeping the envelope', () => {
    const event = stored('step.completed', { stepId: 'x' });
    const parsed = StepCompleted.parse(event);
    expect(parsed).toEqual({ ...event, data: { stepId: 'x', attempt: 1 } });
    expect(event.data).toEqual({ stepId: 'x' });
  });

  it('refuses to parse an event of another type or with bad data', () => {
    const wrongType = thrownBy(() => StepCompleted.parse(stored('step.failed', { stepId: 'x' })));
    expect(ValidationError.is(wrongType)).toBe(true);
    expect((wrongType as Error).message).toContain('is not a step.completed');
    expect((wrongType as Error).message).toContain('expected step.completed, got step.failed');
    const badData = thrownBy(() => StepCompleted.parse(stored('step.completed', { stepId: [] })));
    expect(ValidationError.is(badData)).toBe(true);
    expect((badData as Error).message).toContain('0192f3c4-8a1b-7000-9c4e-5d2f1a3b7e90');
  });
});
