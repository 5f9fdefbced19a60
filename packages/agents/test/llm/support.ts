// Tools and helpers shared by the LLM agent tests.
import type { AgenticEvent, EventStore } from '@agenticflow/core';
import { defineTool } from '@agenticflow/tools';
import { z } from 'zod';

export function addTool(calls: Array<{ a: number; b: number }> = []) {
  return defineTool({
    name: 'math.add',
    description: 'Adds two numbers',
    input: z.object({ a: z.number(), b: z.number() }),
    execute: ({ a, b }) => {
      calls.push({ a, b });
      return { sum: a + b };
    },
  });
}

export async function readEvents(store: EventStore, streamId: string): Promise<AgenticEvent[]> {
  const events: AgenticEvent[] = [];
  for await (const event of store.readStream(streamId)) events.push(event);
  return events;
}

export async function eventTypes(store: EventStore, streamId: string): Promise<string[]> {
  return (await readEvents(store, streamId)).map((event) => event.type);
}
