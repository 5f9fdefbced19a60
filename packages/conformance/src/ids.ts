import { newId } from '@agenticflow/core';

/** A token unique to one test, usable in stream ids, event types, topics and group names. */
export function uniqueToken(prefix = 't'): string {
  return `${prefix}${newId().replaceAll('-', '')}`;
}
