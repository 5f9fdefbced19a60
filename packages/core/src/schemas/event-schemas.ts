import { z } from 'zod';
import {
  EVENT_TYPE_PATTERN,
  MAX_EVENT_TYPE_LENGTH,
  MAX_STREAM_ID_LENGTH,
} from '../events/envelope.js';

/** zod schema of any JSON value. */
export const jsonValueSchema: z.ZodType<import('../util/json.js').JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number().refine(Number.isFinite, 'must be a finite number'),
    z.boolean(),
    z.null(),
    z.array(jsonValueSchema),
    z.record(z.string(), jsonValueSchema),
  ]),
);

/** zod schema of {@link EventMetadata}. */
export const eventMetadataSchema = z
  .object({
    correlationId: z.string().optional(),
    causationId: z.string().optional(),
    actor: z.string().optional(),
    tenantId: z.string().optional(),
    traceparent: z.string().optional(),
    schemaVersion: z.number().int().positive().optional(),
  })
  .catchall(jsonValueSchema);

/** zod schema of an event type. */
export const eventTypeSchema = z
  .string()
  .max(MAX_EVENT_TYPE_LENGTH)
  .regex(EVENT_TYPE_PATTERN, 'must be dotted lower case, such as "run.started"');

/** zod schema of a stream id. */
export const streamIdSchema = z.string().min(1).max(MAX_STREAM_ID_LENGTH);

/**
 * zod schema of an event in its JSON form ({@link SerializedEvent}), as it travels over a bus or an
 * HTTP API: `position` is a decimal string because JSON has no 64-bit integers.
 */
export const serializedEventSchema = z.object({
  // z.guid, not z.uuid: stores accept any canonical UUID (isUuid), and z.uuid refuses those
  // without an RFC version and variant.
  id: z.guid(),
  type: eventTypeSchema,
  streamId: streamIdSchema,
  version: z.number().int().positive(),
  position: z.string().regex(/^[1-9][0-9]*$/, 'must be a positive integer in decimal'),
  time: z.iso.datetime(),
  data: jsonValueSchema,
  metadata: eventMetadataSchema,
});
