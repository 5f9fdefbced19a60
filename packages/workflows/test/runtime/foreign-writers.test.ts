import { type EventStore, InMemoryEventStore, type ReadStreamOptions } from '@agenticflow/core';
import { waitFor } from '@agenticflow/core/testing';
import { describe, expect, it } from 'vitest';
import { createWorkflowEngine, runStreamId, workflow } from '../../src/index.js';

/** The store, counting the reads of a whole run stream (from its first event). */
function countingStore(inner: InMemoryEventStore): { store: EventStore; wholeReads: string[] } {
  const wholeReads: string[] = [];
  const store = new Proxy(inner, {
    get(target, property) {
      if (property === 'readStream') {
        return (streamId: string, options?: ReadStreamOptions) => {
          if (streamId.startsWith('run-') && (options?.fromVersion ?? 1) <= 1)
            wholeReads.push(streamId);
          return target.readStream(streamId, options);
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store, wholeReads };
}

describe('other writers of a run followed through the store', () => {
  it('folds only their new events instead of reading the whole run again for each', async () => {
    const { store, wholeReads } = countingStore(new InMemoryEventStore());
    const notes = 30;
    let appended = 0;
    const chatty = workflow('chatty')
      .step('talk', {
        // Like a tool executor or an agent recording into the run's own stream.
        run: async (ctx) => {
          for (let index = 0; index < notes; index++) {
            await store.append(runStreamId(ctx.runId), [{ type: 'note.added', data: { index } }], {
              expectedVersion: 'any',
            });
            appended++;
            // Gives the engine time to see each note on its own, as with a slower writer.
            await new Promise((resolve) => setTimeout(resolve, 2));
          }
          return 'said';
        },
      })
      .step('after', { dependsOn: ['talk'], run: () => 'done' })
      .build();
    const engine = await createWorkflowEngine({ store, workflows: [chatty], watchStore: true });
    const run = await engine.start(chatty, undefined);
    await waitFor(() => appended === notes, { message: 'every note to be appended' });
    expect(await run.result()).toEqual({ after: 'done' });
    await engine.close();

    const types: string[] = [];
    for await (const event of store.readStream(runStreamId(run.runId))) types.push(event.type);
    expect(types.filter((type) => type === 'note.added')).toHaveLength(notes);
    expect(types.filter((type) => type === 'step.completed')).toHaveLength(2);
    expect(types.at(-1)).toBe('run.completed');
    // Before, every foreign event made the engine read the whole run again (one read per note).
    expect(wholeReads.filter((id) => id === runStreamId(run.runId)).length).toBeLessThan(5);
  });
});
