import type { JsonObject, JsonValue } from '@agenticflow/core';
import { canonicalJson } from './canonical-json.js';
import type { ResolvedListOptions, ResolvedSearchQuery } from './memory-input.js';
import type { MemoryPage, MemoryRecord, MemorySearchHit } from './memory-store.js';

function byKey(a: MemoryRecord, b: MemoryRecord): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** One page of `records` (any order) as {@link MemoryStore.list} defines it. */
export function listRecords(
  records: Iterable<MemoryRecord>,
  options: ResolvedListOptions,
): MemoryPage {
  const { prefix, after, order, limit } = options;
  const selected: MemoryRecord[] = [];
  for (const record of records) {
    if (prefix !== undefined && !record.key.startsWith(prefix)) continue;
    if (after !== undefined && (order === 'asc' ? record.key <= after : record.key >= after))
      continue;
    selected.push(record);
  }
  selected.sort(byKey);
  if (order === 'desc') selected.reverse();
  const page = selected.slice(0, limit);
  const last = page[page.length - 1];
  return selected.length > limit && last ? { records: page, next: last.key } : { records: page };
}

function matchesWhere(metadata: JsonObject, where: JsonObject): boolean {
  for (const [field, expected] of Object.entries(where)) {
    const actual = metadata[field];
    if (actual === undefined) return false;
    const wanted = canonicalJson(expected);
    if (canonicalJson(actual) === wanted) continue;
    if (Array.isArray(actual) && actual.some((item) => canonicalJson(item) === wanted)) continue;
    return false;
  }
  return true;
}

function collectText(value: JsonValue, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) collectText(item, out);
  else if (value !== null && typeof value === 'object')
    for (const item of Object.values(value)) collectText(item, out);
}

function countOccurrences(haystack: string, term: string): number {
  let count = 0;
  for (let at = haystack.indexOf(term); at !== -1; at = haystack.indexOf(term, at + term.length))
    count++;
  return count;
}

/** The score of `record` for `query`, or 0 when it does not match. */
export function scoreRecord(record: MemoryRecord, query: ResolvedSearchQuery): number {
  if (query.prefix !== undefined && !record.key.startsWith(query.prefix)) return 0;
  if (!matchesWhere(record.metadata, query.where)) return 0;
  if (query.terms.length === 0) return 1;
  const parts = [record.key];
  collectText(record.value, parts);
  const haystack = parts.join('\n').toLowerCase();
  let score = 0;
  for (const term of query.terms) {
    const count = countOccurrences(haystack, term);
    if (count === 0) return 0;
    score += count;
  }
  return score;
}

/** The hits of `query` among `records`, best first, as {@link MemoryStore.search} defines it. */
export function searchRecords(
  records: Iterable<MemoryRecord>,
  query: ResolvedSearchQuery,
): MemorySearchHit[] {
  const hits: MemorySearchHit[] = [];
  for (const record of records) {
    const score = scoreRecord(record, query);
    if (score > 0) hits.push({ record, score });
  }
  hits.sort((a, b) => b.score - a.score || byKey(a.record, b.record));
  return hits.slice(0, query.limit);
}
