import type { Redis } from 'ioredis';
import { mapField } from './redis-replies.js';
import type { StreamLayout } from './stream-layout.js';

/**
 * Destroys the private consumer groups of plain subscriptions whose process died without
 * unsubscribing (their liveness key expired), so they stop holding pending entries for ever.
 * Group subscriptions are never swept: a group keeps its messages for its next member.
 */
export async function sweepAbandonedGroups(command: Redis, layout: StreamLayout): Promise<void> {
  for (const stream of layout.allStreams) {
    let groups: unknown[];
    try {
      groups = (await command.xinfo('GROUPS', stream)) as unknown[];
    } catch {
      continue; // no such stream yet
    }
    const ids = groups
      .map((group) => groupName(group))
      .map((name) => (name === undefined ? undefined : layout.plainSubscriptionId(name)))
      .filter((id) => id !== undefined);
    if (ids.length === 0) continue;
    const exists = command.pipeline();
    for (const id of ids) exists.exists(layout.livenessKey(id));
    const found = (await exists.exec()) ?? [];
    const destroy = command.pipeline();
    ids.forEach((id, index) => {
      const [error, count] = found[index] ?? [null, 1];
      if (!error && count === 0) destroy.xgroup('DESTROY', stream, layout.plainGroupName(id));
    });
    if (destroy.length > 0) await destroy.exec();
  }
}

/** The `name` of one `XINFO GROUPS` row. */
function groupName(row: unknown): string | undefined {
  const name = mapField(row, 'name');
  return typeof name === 'string' ? name : undefined;
}
