import {
  type AgenticEvent,
  type CreateEventOptions,
  EVENT_TYPE_PATTERN,
  type EventDefinition,
  type NewEvent,
  newId,
  ValidationError,
} from '@agenticflow/core';
import type { z } from 'zod';
import { lazyZod } from './lazy-zod.js';
import { checkOrThrow, type ValueCheck } from './value-check.js';

/** What core's `EventDefinition` offers, with `data` checked by a {@link ValueCheck}. */
export interface CheckedEventDefinition<Type extends string, Data, Input = Data> {
  readonly type: Type;
  /** Checks `data` and builds a new event; throws `VALIDATION_FAILED` listing the issues. */
  create(data: Input, options?: CreateEventOptions): NewEvent<Type, Data>;
  /** Narrows a stored event by its type only. */
  is(event: AgenticEvent): event is AgenticEvent<Type, Data>;
  /** Checks the type and `data`; throws `VALIDATION_FAILED` when either is wrong. */
  parse(event: AgenticEvent): AgenticEvent<Type, Data>;
}

/**
 * Defines an event like core's `defineEvent`, with the same errors, but `data` is checked by a
 * hand-written {@link ValueCheck}, so no zod schema is needed.
 */
export function checkedEvent<const Type extends string, Data, Input = Data>(
  type: Type,
  check: ValueCheck<Data>,
): CheckedEventDefinition<Type, Data, Input> {
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
    create(data, options = {}) {
      return {
        id: options.id ?? newId(),
        type,
        data: checkOrThrow(check, data, `data of event ${type}`),
        ...(options.metadata ? { metadata: options.metadata } : {}),
      };
    },
    is(event): event is AgenticEvent<Type, Data> {
      return event.type === type;
    },
    parse(event) {
      if (event.type !== type) {
        throw new ValidationError(`event ${event.id} is not a ${type}`, [
          { path: ['type'], message: `expected ${type}, got ${event.type}` },
        ]);
      }
      const data = checkOrThrow(check, event.data, `data of event ${type} (${event.id})`);
      return { ...event, type, data };
    },
  };
}

/**
 * A core `EventDefinition` (for events of the public API) whose `data` is checked by `check`, so
 * defining it does not load zod; its zod `schema` is built by `buildSchema` on first access.
 */
export function defineCheckedEvent<const Type extends string, Schema extends z.ZodType>(
  type: Type,
  check: ValueCheck<z.output<Schema>>,
  buildSchema: (zod: typeof z) => Schema,
): EventDefinition<Type, Schema> {
  const definition = checkedEvent<Type, z.output<Schema>, z.input<Schema>>(type, check);
  let schema: Schema | undefined;
  return {
    ...definition,
    get schema(): Schema {
      schema ??= buildSchema(lazyZod());
      return schema;
    },
  };
}
