import type { Redis } from 'ioredis';
import { autoClaimReply, entryList, type RawEntry } from './redis-replies.js';

/** An entry claimed by this consumer, with its delivery count from the pending entries list. */
export interface ClaimedEntry {
  readonly entryId: string;
  readonly fields: string[] | null;
  readonly deliveries: number;
}

/** One consumer of one consumer group on one stream. */
export interface ConsumerRef {
  readonly command: Redis;
  readonly stream: string;
  readonly group: string;
  readonly consumer: string;
}

// Marks released entries as long idle so another member's XAUTOCLAIM takes them at once.
const RELEASED_IDLE_MS = 365 * 24 * 3_600_000;

/**
 * Claims `entryIds` for this consumer (`XCLAIM`, which counts a delivery) and reads their
 * delivery counts (`XPENDING`) in one transaction. Entries acknowledged or trimmed meanwhile are
 * not returned.
 */
export async function claimEntries(
  ref: ConsumerRef,
  entryIds: readonly string[],
): Promise<ClaimedEntry[]> {
  if (entryIds.length === 0) return [];
  const transaction = ref.command
    .multi()
    .xclaim(ref.stream, ref.group, ref.consumer, 0, ...entryIds);
  for (const id of entryIds) transaction.xpending(ref.stream, ref.group, id, id, 1);
  const results = await transaction.exec();
  if (!results) return [];
  for (const [error] of results) if (error) throw error;
  const rows = results.slice(1).flatMap(([, rows]) => rows as PendingRow[]);
  return withDeliveries(entryList(results[0]![1], 'XCLAIM'), rows);
}

/**
 * Takes entries another consumer left pending for at least `minIdleMs` (`XAUTOCLAIM`, which counts
 * a delivery), up to `count`, resuming from `cursor`; reads their delivery counts with `XPENDING`.
 */
export async function autoClaim(
  ref: ConsumerRef,
  minIdleMs: number,
  cursor: string,
  count: number,
): Promise<{ cursor: string; entries: ClaimedEntry[] }> {
  const { cursor: next, entries: raw } = autoClaimReply(
    await ref.command.xautoclaim(
      ref.stream,
      ref.group,
      ref.consumer,
      minIdleMs,
      cursor,
      'COUNT',
      count,
    ),
  );
  const live = raw.filter((entry) => entry[1] !== null);
  if (live.length === 0) return { cursor: next, entries: [] };
  const pipeline = ref.command.pipeline();
  for (const [id] of live) pipeline.xpending(ref.stream, ref.group, id, id, 1);
  const results = (await pipeline.exec()) ?? [];
  const rows: PendingRow[] = [];
  for (const [error, found] of results) {
    if (error) throw error;
    rows.push(...(found as PendingRow[]));
  }
  return { cursor: next, entries: withDeliveries(live, rows) };
}

/** Ids of entries pending for this consumer (after a lost read reply, say). */
export async function ownPendingIds(ref: ConsumerRef, count: number): Promise<string[]> {
  const rows = (await ref.command.xpending(
    ref.stream,
    ref.group,
    '-',
    '+',
    count,
    ref.consumer,
  )) as PendingRow[];
  return rows.map((row) => row[0]);
}

/** Resets the idle time of entries this consumer still works on, so no member claims them. */
export async function touchEntries(ref: ConsumerRef, entryIds: readonly string[]): Promise<void> {
  if (entryIds.length > 0)
    await ref.command.xclaim(ref.stream, ref.group, ref.consumer, 0, ...entryIds, 'JUSTID');
}

/**
 * Hands entries back to the group: they stay pending but look long idle, so the next
 * `XAUTOCLAIM` of any member takes them. The delivery count is unchanged.
 */
export async function releaseEntries(ref: ConsumerRef, entryIds: readonly string[]): Promise<void> {
  if (entryIds.length === 0) return;
  await ref.command.xclaim(
    ref.stream,
    ref.group,
    ref.consumer,
    0,
    ...entryIds,
    'IDLE',
    RELEASED_IDLE_MS,
    'JUSTID',
  );
}

/** Removes this consumer from its group when nothing is pending for it any more. */
export async function removeConsumerIfIdle(ref: ConsumerRef): Promise<void> {
  const left = (await ref.command.xpending(
    ref.stream,
    ref.group,
    '-',
    '+',
    1,
    ref.consumer,
  )) as PendingRow[];
  if (left.length === 0)
    await ref.command.xgroup('DELCONSUMER', ref.stream, ref.group, ref.consumer);
}

/** `[id, consumer, idle ms, deliveries]` of `XPENDING` with a range. */
type PendingRow = [string, string, number, number];

function withDeliveries(entries: RawEntry[], pending: PendingRow[]): ClaimedEntry[] {
  const counts = new Map(pending.map((row) => [row[0], Number(row[3])]));
  // An entry claimed but missing from XPENDING was acknowledged in between: nothing to do.
  return entries
    .filter((entry) => counts.has(entry[0]))
    .map(([entryId, fields]) => ({ entryId, fields, deliveries: counts.get(entryId)! }));
}
