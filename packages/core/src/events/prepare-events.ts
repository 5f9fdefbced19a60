import {
  PayloadTooLargeError,
  ValidationError,
  type ValidationIssue,
} from '../errors/core-errors.js';
import { describe } from '../util/describe.js';
import { checkJson, type JsonValue, JsonWalker, jsonByteLength } from '../util/json.js';
import { type IdGenerator, isUuid } from '../util/uuid.js';
import {
  EVENT_TYPE_PATTERN,
  type EventMetadata,
  MAX_EVENT_TYPE_LENGTH,
  MAX_STREAM_ID_LENGTH,
  type NewEvent,
} from './envelope.js';

/** An event that passed validation and is ready for a store to write. */
export interface PreparedEvent {
  /** Lower-case UUID (given or generated). */
  readonly id: string;
  readonly type: string;
  readonly data: JsonValue;
  readonly metadata: EventMetadata;
}

/** Options of {@link prepareEvents}. */
export interface PrepareEventsOptions {
  /** Largest accepted size of `data` plus `metadata`, in UTF-8 bytes of their JSON. */
  readonly maxEventBytes: number;
  /** Generates ids for events that have none. */
  readonly newId: IdGenerator;
  /**
   * Return deep-frozen copies of `data` and `metadata` (for stores that keep the objects), rather
   * than the caller's objects (for stores that serialize them at once).
   */
  readonly copy: boolean;
}

const EMPTY_METADATA: EventMetadata = Object.freeze({});
const NO_METADATA = Object.freeze({ value: EMPTY_METADATA, maxBytes: 2 });
const METADATA_STRING_KEYS = ['correlationId', 'causationId', 'actor', 'tenantId', 'traceparent'];

/**
 * Validates a batch of events for `append` the same way in every store: stream id, types, ids
 * (UUIDs, no duplicates in the batch), JSON-only `data` and `metadata`, and the size limit.
 * Throws `VALIDATION_FAILED` listing every issue, or `PAYLOAD_TOO_LARGE`; on either, nothing may be
 * written. Store adapters call this first thing in `append`.
 */
export function prepareEvents(
  streamId: unknown,
  events: unknown,
  options: PrepareEventsOptions,
): PreparedEvent[] {
  const issues: ValidationIssue[] = [];
  const walker = new JsonWalker(issues, options.copy);
  // A writer appends to the same stream over and over: its id was checked the first time.
  if (streamId !== lastValidStreamId && checkStreamIdWith(streamId, issues, walker))
    lastValidStreamId = streamId;
  if (!Array.isArray(events)) {
    issues.push({
      path: ['events'],
      message: `must be an array of events, got ${describe(events)}`,
    });
    throw new ValidationError(`invalid append to stream ${String(streamId)}`, issues);
  }
  const count = events.length;
  const prepared: PreparedEvent[] = new Array(count);
  // Indexes of events whose size bound is over the limit (rare): their exact size is measured.
  let oversized: number[] | undefined;
  // Small batches (the common case) look for duplicate ids by scanning; a Set costs more there.
  const seenIds = count > 16 ? new Set<string>() : undefined;
  // `[index, 'data']`: the walker pushes and pops below it and leaves it as it was.
  const path: Array<string | number> = [0, 'data'];
  for (let index = 0; index < count; index++) {
    const event = events[index] as NewEvent | undefined;
    if (typeof event !== 'object' || event === null || Array.isArray(event)) {
      issues.push({ path: [index], message: `must be an event object, got ${describe(event)}` });
      continue;
    }
    const id = prepareId(event.id, index, options.newId, issues);
    // Generated ids are unique by construction; only given ones can repeat within a batch.
    if (id !== undefined && event.id !== undefined) {
      if (seenIds ? seenIds.has(id) : isIdBefore(prepared, index, id)) {
        issues.push({ path: [index, 'id'], message: `id ${id} appears twice in the batch` });
      }
      seenIds?.add(id);
    }
    if (!KNOWN_TYPES.has(event.type)) {
      const before = issues.length;
      checkEventType(event.type, [index, 'type'], issues);
      if (issues.length === before && KNOWN_TYPES.size < MAX_KNOWN_TYPES)
        KNOWN_TYPES.add(event.type);
    }
    if (!('data' in event))
      issues.push({ path: [index, 'data'], message: 'is missing: use null for no data' });
    path[0] = index;
    const bytesBefore = walker.bytes;
    const data = walker.walkValue(event.data, path);
    const dataBytes = walker.bytes - bytesBefore;
    const metadata =
      event.metadata === undefined
        ? NO_METADATA
        : checkMetadata(event.metadata, [index, 'metadata'], issues, options.copy);
    prepared[index] = { id: id ?? '', type: event.type, data, metadata: metadata.value };
    if (dataBytes + metadata.maxBytes > options.maxEventBytes) {
      oversized ??= [];
      oversized.push(index);
    }
  }
  if (issues.length > 0)
    throw new ValidationError(`invalid append to stream ${String(streamId)}`, issues);
  if (oversized === undefined) return prepared;
  for (const index of oversized) {
    const event = prepared[index]!;
    const bytes = jsonByteLength(event.data) + jsonByteLength(event.metadata as JsonValue);
    if (bytes > options.maxEventBytes) {
      throw new PayloadTooLargeError(
        'event',
        bytes,
        options.maxEventBytes,
        `#${index} (${event.type}) for stream ${String(streamId)}`,
      );
    }
  }
  return prepared;
}

// The stream id of the last append that had a valid one.
let lastValidStreamId: string | undefined;
// Event types already found valid: apps use a few types over and over.
const KNOWN_TYPES = new Set<string>();
const MAX_KNOWN_TYPES = 4096;

function isIdBefore(prepared: readonly PreparedEvent[], end: number, id: string): boolean {
  for (let index = 0; index < end; index++) if (prepared[index]?.id === id) return true;
  return false;
}

/** Validates a stream id; pushes issues rather than throwing. */
export function checkStreamId(streamId: unknown, issues: ValidationIssue[]): streamId is string {
  return checkStreamIdWith(streamId, issues, new JsonWalker(issues, false));
}

function checkStreamIdWith(
  streamId: unknown,
  issues: ValidationIssue[],
  walker: JsonWalker,
): streamId is string {
  if (typeof streamId !== 'string' || streamId.length === 0) {
    issues.push({
      path: ['streamId'],
      message: `must be a non-empty string, got ${describe(streamId)}`,
    });
    return false;
  }
  if (streamId.length > MAX_STREAM_ID_LENGTH) {
    issues.push({
      path: ['streamId'],
      message: `is ${streamId.length} characters, over the limit of ${MAX_STREAM_ID_LENGTH}`,
    });
    return false;
  }
  const before = issues.length;
  walker.checkText(streamId, ['streamId']);
  return issues.length === before;
}

/** Throws `VALIDATION_FAILED` unless `streamId` is a valid stream id. */
export function assertStreamId(streamId: unknown): asserts streamId is string {
  const issues: ValidationIssue[] = [];
  if (!checkStreamId(streamId, issues)) throw new ValidationError('invalid stream id', issues);
}

function prepareId(
  id: unknown,
  index: number,
  newId: IdGenerator,
  issues: ValidationIssue[],
): string | undefined {
  if (id === undefined) return newId();
  if (!isUuid(id)) {
    issues.push({
      path: [index, 'id'],
      message: `must be a UUID (omit it to get a UUIDv7), got ${describe(id)}`,
    });
    return undefined;
  }
  return id.toLowerCase();
}

/** Validates an event type (dotted lower case); pushes issues at `path` rather than throwing. */
export function checkEventType(
  type: unknown,
  path: ReadonlyArray<string | number>,
  issues: ValidationIssue[],
): void {
  if (typeof type !== 'string') {
    issues.push({
      path: [...path],
      message: `is required: a dotted lower-case string such as "run.started", got ${describe(type)}`,
    });
  } else if (type.length > MAX_EVENT_TYPE_LENGTH || !EVENT_TYPE_PATTERN.test(type)) {
    issues.push({
      path: [...path],
      message: `${JSON.stringify(type.slice(0, 80))} must be dotted lower case, such as "run.started", at most ${MAX_EVENT_TYPE_LENGTH} characters`,
    });
  }
}

/** Validates event metadata (JSON, typed known fields); pushes issues at `path` rather than throwing. */
export function checkMetadata(
  metadata: unknown,
  path: ReadonlyArray<string | number>,
  issues: ValidationIssue[],
  copy: boolean,
): { value: EventMetadata; maxBytes: number } {
  if (metadata === undefined) return NO_METADATA;
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    issues.push({
      path: [...path],
      message: `must be an object, got ${describe(metadata)}`,
    });
    return { value: EMPTY_METADATA, maxBytes: 2 };
  }
  const record = metadata as Record<string, unknown>;
  for (const key of METADATA_STRING_KEYS) {
    const value = record[key];
    if (value !== undefined && typeof value !== 'string') {
      issues.push({
        path: [...path, key],
        message: `must be a string, got ${describe(value)}`,
      });
    }
  }
  const schemaVersion = record.schemaVersion;
  if (
    schemaVersion !== undefined &&
    !(Number.isInteger(schemaVersion) && (schemaVersion as number) > 0)
  ) {
    issues.push({
      path: [...path, 'schemaVersion'],
      message: `must be a positive integer, got ${describe(schemaVersion)}`,
    });
  }
  const checked = checkJson(metadata, path, issues, copy);
  return { value: checked.value as EventMetadata, maxBytes: checked.maxBytes };
}
