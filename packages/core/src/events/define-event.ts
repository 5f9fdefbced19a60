import type { z } from 'zod';
import { ValidationError } from '../errors/core-errors.js';
import { parseWithSchema } from '../errors/from-zod.js';
import { newId } from '../util/uuid.js';
import {
  type AgenticEvent,
  EVENT_TYPE_PATTERN,
  type EventMetadata,
  type NewEvent,
} from './envelope.js';

/** Options of {@link EventDefinition.create}. */
export interface CreateEventOptions {
  /** Event id; a new UUIDv7 when omitted. Keep it to retry the append idempotently. */
  readonly id?: string;
  /** Metadata to attach. */
  readonly metadata?: EventMetadata;
}

/**
 * A typed event: its type string and the zod schema of its `data`. Made by {@link defineEvent}.
 */
export interface EventDefinition<Type extends string, Schema extends z.ZodType> {
  /** The event type. */
  readonly type: Type;
  /** Schema of `data`. */
  readonly schema: Schema;
  /**
   * Validates `data` against the schema and builds a {@link NewEvent} with a fresh id.
   * Throws `VALIDATION_FAILED` listing the issues when `data` does not fit.
   */
  create(data: z.input<Schema>, options?: CreateEventOptions): NewEvent<Type, z.output<Schema>>;
  /**
   * Narrows a stored event by its type. Checks the type only; use {@link EventDefinition.parse}
   * to validate `data` too.
   */
  is(event: AgenticEvent): event is AgenticEvent<Type, z.output<Schema>>;
  /** Checks the type and validates `data`; throws `VALIDATION_FAILED` when either is wrong. */
  parse(event: AgenticEvent): AgenticEvent<Type, z.output<Schema>>;
}

/** The `data` type of an {@link EventDefinition}. */
export type EventData<Definition> =
  Definition extends EventDefinition<string, infer Schema> ? z.output<Schema> : never;

/** The stored event type of an {@link EventDefinition}. */
export type EventOf<Definition> =
  Definition extends EventDefinition<infer Type, infer Schema>
    ? AgenticEvent<Type, z.output<Schema>>
    : never;

/**
 * Defines a typed event, so `data` is inferred where it is created and read.
 *
 * @example
 * ```ts
 * const StepCompleted = defineEvent('step.completed', z.object({ stepId: z.string(), output: z.unknown() }));
 * await store.append(streamId, [StepCompleted.create({ stepId: 'fetch', output: 42 })]);
 * for await (const event of store.readStream(streamId)) {
 *   if (StepCompleted.is(event)) console.log(event.data.stepId); // typed
 * }
 * ```
 */
export function defineEvent<const Type extends string, Schema extends z.ZodType>(
  type: Type,
  schema: Schema,
): EventDefinition<Type, Schema> {
  if (!EVENT_TYPE_PATTERN.test(type)) {
    throw new ValidationError('invalid event definition', [
      {
        path: ['type'],
        message: `${JSON.stringify(type)} must be dotted lower case, such as "run.started"`,
      },
    ]);
  }
  return {
    type,
    schema,
    create(data, options = {}) {
      const parsed = parseWithSchema(schema, data, `data of event ${type}`);
      return {
        id: options.id ?? newId(),
        type,
        data: parsed,
        ...(options.metadata ? { metadata: options.metadata } : {}),
      };
    },
    is(event): event is AgenticEvent<Type, z.output<Schema>> {
      return event.type === type;
    },
    parse(event) {
      if (event.type !== type) {
        throw new ValidationError(`event ${event.id} is not a ${type}`, [
          { path: ['type'], message: `expected ${type}, got ${event.type}` },
        ]);
      }
      const data = parseWithSchema(schema, event.data, `data of event ${type} (${event.id})`);
      return { ...event, type, data };
    },
  };
}
