import type { NewEvent } from '../events/envelope.js';
import type { JsonValue } from '../util/json.js';
import { newId } from '../util/uuid.js';

/**
 * `count` new events with fresh ids, of `type` (default `test.happened`), whose data holds their
 * index (`{ n: i }`) plus `data` if given.
 */
export function makeEvents(
  count: number,
  type = 'test.happened',
  data: { [key: string]: JsonValue } = {},
): NewEvent[] {
  return Array.from({ length: count }, (_, n) => ({ id: newId(), type, data: { n, ...data } }));
}

/** A stream id no other test uses: `<prefix>-<uuid>`. */
export function uniqueStreamId(prefix = 'test'): string {
  return `${prefix}-${newId()}`;
}
