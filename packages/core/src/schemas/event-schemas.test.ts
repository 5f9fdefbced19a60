import { describe, expect, it } from 'vitest';
import { serializeEvent } from '../events/serialize-event.js';
import { eventTypeSchema, jsonValueSchema, serializedEventSchema } from './event-schemas.js';

const serialized = serializeEvent({
  id: '0192f3c4-8a1b-7000-9c4e-5d2f1a3b7e90',
  type: 'step.completed',
  streamId: 'run-1',
  version: 3,
  position: 42n,
  time: '2026-01-01T00:00:00.000Z',
  data: { output: [1, null] },
  metadata: { correlationId: 'c-1' },
});

describe('event zod schemas', () => {
  it('accept a serialized event and reject one with a numeric position', () => {
    expect(serializedEventSchema.safeParse(serialized).success).toBe(true);
    expect(serializedEventSchema.safeParse({ ...serialized, position: 42 }).success).toBe(false);
  });

  it('accept dotted lower-case types only', () => {
    expect(eventTypeSchema.safeParse('run.started').success).toBe(true);
    expect(eventTypeSchema.safeParse('Run Started').success).toBe(false);
  });

  it('accept JSON values and reject non-finite numbers', () => {
    expect(jsonValueSchema.safeParse({ a: [1, 'b', { c: null }] }).success).toBe(true);
    expect(jsonValueSchema.safeParse({ a: Number.NaN }).success).toBe(false);
  });
});
