import type { JsonObject, JsonValue } from '@agenticflow/core';
import { checkedEvent } from '../../validation/define-checked-event.js';
import { number, object, oneOf, string, unchecked } from '../../validation/value-check.js';

// Values and metadata are checked with checkJson before an event is built; a second walk would
// only cost time.
const json = unchecked<JsonValue>();
const jsonObject = unchecked<JsonObject>();

/** First event of every generation stream, so an empty read means "deleted", never "new". */
export const GenerationOpened = checkedEvent(
  'memory.generation_opened',
  object({ namespace: string, reason: oneOf('created', 'compacted', 'cleared') }),
);

/** A record was put; also used to copy live records into a new generation. */
export const RecordPut = checkedEvent(
  'memory.record_put',
  object({
    key: string,
    value: json,
    metadata: jsonObject,
    revision: number({ integer: true, above: 0 }),
    createdAt: string,
    updatedAt: string,
  }),
);

/** A record was deleted without purging (its earlier puts stay until the next compaction). */
export const RecordDeleted = checkedEvent('memory.record_deleted', object({ key: string }));

/** The generation is closed; `next` holds every live record. Nothing may follow this event. */
export const GenerationSealed = checkedEvent('memory.generation_sealed', object({ next: string }));

/** Appended to the head stream: `generation` is now the namespace's current generation. */
export const GenerationStarted = checkedEvent(
  'memory.generation_started',
  object({ generation: string }),
);

/** The head stream of a namespace: it only points at generations and holds no content. */
export function headStreamId(namespace: string): string {
  return `memory-${namespace}`;
}

/** The stream of one generation of a namespace's records. `~` cannot occur in a namespace. */
export function generationStreamId(namespace: string, generation: string): string {
  return `memory-${namespace}~${generation}`;
}
