import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { defineEvent, type EventData, type EventOf } from './define-event.js';
import type { AgenticEvent, NewEvent } from './envelope.js';

const RunStarted = defineEvent(
  'run.started',
  z.object({ workflow: z.string(), retries: z.number().default(0) }),
);

declare const event: AgenticEvent;

describe('defineEvent types', () => {
  it('keeps the literal event type', () => {
    expectTypeOf(RunStarted.type).toEqualTypeOf<'run.started'>();
  });

  it('infers the input of create from the schema, and its output data', () => {
    expectTypeOf(RunStarted.create).parameter(0).toEqualTypeOf<{
      workflow: string;
      retries?: number | undefined;
    }>();
    const created = RunStarted.create({ workflow: 'report' });
    expectTypeOf(created).toEqualTypeOf<
      NewEvent<'run.started', { workflow: string; retries: number }>
    >();
    expectTypeOf(created.data.retries).toEqualTypeOf<number>();
    // @ts-expect-error workflow must be a string
    RunStarted.create({ workflow: 1 });
    // @ts-expect-error workflow is required
    RunStarted.create({});
  });

  it('narrows a stored event with is', () => {
    if (RunStarted.is(event)) {
      expectTypeOf(event.type).toEqualTypeOf<'run.started'>();
      expectTypeOf(event.data).toEqualTypeOf<{ workflow: string; retries: number }>();
    }
    expectTypeOf(event.data).toEqualTypeOf<unknown>();
  });

  it('types the result of parse', () => {
    const parsed = RunStarted.parse(event);
    expectTypeOf(parsed).toEqualTypeOf<
      AgenticEvent<'run.started', { workflow: string; retries: number }>
    >();
  });

  it('extracts data and event types with EventData and EventOf', () => {
    expectTypeOf<EventData<typeof RunStarted>>().toEqualTypeOf<{
      workflow: string;
      retries: number;
    }>();
    expectTypeOf<EventOf<typeof RunStarted>>().toEqualTypeOf<
      AgenticEvent<'run.started', { workflow: string; retries: number }>
    >();
    expectTypeOf<EventData<string>>().toBeNever();
  });
});
