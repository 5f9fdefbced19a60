import { AgenticFlowError } from '@agenticflow/core';

/**
 * The one place that reads replies whose shape depends on the protocol. ioredis 6 returns them in
 * three shapes for the same command:
 *
 * - RESP2: Redis sends arrays, and maps are flat `[key, value, …]` arrays.
 * - RESP3 with ioredis's default `replyMapping: 'legacy'`: RESP3 maps become flat arrays too, but
 *   the map `XREADGROUP` replies with is only re-nested for the `xreadgroup` method, not for
 *   `call('XREADGROUP', …)`, which then returns `[stream, entries, stream, entries, …]`.
 * - RESP3 with `replyMapping: 'resp3'` (a client the user built so): maps are plain objects
 *   (`XREADGROUP`, `XINFO` rows, `CONFIG GET`).
 *
 * Stream entries, `XPENDING` rows, `XAUTOCLAIM`, `TIME` and integers look alike in all three; a
 * missing value is `null` in all three.
 */

/** A stream entry as Redis sends it: `[id, [field, value, …]]`, or `[id, null]` once deleted. */
export type RawEntry = [string, string[] | null];

/** The entries of each stream in an `XREADGROUP` reply, in any of the three shapes. */
export function streamReadReply(reply: unknown): [string, RawEntry[]][] {
  if (reply === null || reply === undefined) return [];
  if (Array.isArray(reply)) {
    if (reply.length === 0) return [];
    // Flat map: stream names and entry lists alternate.
    if (typeof reply[0] === 'string') {
      const streams: [string, RawEntry[]][] = [];
      for (let index = 0; index + 1 < reply.length; index += 2)
        streams.push([reply[index] as string, entryList(reply[index + 1], 'XREADGROUP')]);
      return streams;
    }
    return reply.map((pair: unknown) => {
      if (!Array.isArray(pair)) throw unexpected('XREADGROUP', reply);
      return [String(pair[0]), entryList(pair[1], 'XREADGROUP')];
    });
  }
  if (typeof reply === 'object')
    return Object.entries(reply as Record<string, unknown>).map(([stream, entries]) => [
      stream,
      entryList(entries, 'XREADGROUP'),
    ]);
  throw unexpected('XREADGROUP', reply);
}

/** `XAUTOCLAIM`'s `[next cursor, entries, deleted ids]` (deleted ids only from Redis 7). */
export function autoClaimReply(reply: unknown): { cursor: string; entries: RawEntry[] } {
  if (!Array.isArray(reply) || reply.length < 2) throw unexpected('XAUTOCLAIM', reply);
  return { cursor: String(reply[0]), entries: entryList(reply[1], 'XAUTOCLAIM') };
}

/** A list of stream entries (`XCLAIM`, or one stream of `XREADGROUP`). */
export function entryList(reply: unknown, command: string): RawEntry[] {
  if (reply === null || reply === undefined) return [];
  if (!Array.isArray(reply)) throw unexpected(command, reply);
  return reply as RawEntry[];
}

/**
 * One field of a map reply (an `XINFO GROUPS` row, `CONFIG GET`): a flat `[key, value, …]` array
 * under RESP2 and the legacy mapping, a plain object under the resp3 mapping.
 */
export function mapField(reply: unknown, key: string): unknown {
  if (Array.isArray(reply)) {
    for (let index = 0; index + 1 < reply.length; index += 2)
      if (String(reply[index]) === key) return reply[index + 1];
    return undefined;
  }
  if (typeof reply === 'object' && reply !== null && Object.hasOwn(reply, key))
    return (reply as Record<string, unknown>)[key];
  return undefined;
}

/** A text reply (`INFO`, `CLIENT INFO`), which RESP3 sends as a verbatim string. */
export function textReply(reply: unknown, command: string): string {
  if (typeof reply === 'string') return reply;
  if (reply instanceof String || Buffer.isBuffer(reply)) return reply.toString();
  throw unexpected(command, reply);
}

function unexpected(command: string, reply: unknown): AgenticFlowError {
  const shown = JSON.stringify(reply)?.slice(0, 200) ?? String(reply);
  return new AgenticFlowError(
    'INTERNAL',
    `unexpected reply to ${command} from Redis: ${shown}. RedisEventBus reads RESP2 and RESP3 replies of ioredis (protocol 2 or 3, replyMapping 'legacy' or 'resp3'): pass such a client, or report this reply`,
    { details: { command } },
  );
}
