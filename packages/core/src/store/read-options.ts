import { ValidationError, type ValidationIssue } from '../errors/core-errors.js';
import { assertStreamId } from '../events/prepare-events.js';
import { describe } from '../util/describe.js';
import type { ReadAllOptions, ReadStreamOptions, SaveSnapshotInput } from './event-store.js';

function positiveInteger(value: unknown, min: number): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min;
}

/** Validates `readStream` arguments the same way in every store. */
export function validateReadStreamOptions(
  streamId: unknown,
  options: ReadStreamOptions | undefined,
): void {
  assertStreamId(streamId);
  if (options === undefined) return;
  const issues: ValidationIssue[] = [];
  if (options.fromVersion !== undefined && !positiveInteger(options.fromVersion, 1)) {
    issues.push({
      path: ['fromVersion'],
      message: `must be an integer >= 1, got ${describe(options.fromVersion)}`,
    });
  }
  if (options.limit !== undefined && !positiveInteger(options.limit, 0)) {
    issues.push({
      path: ['limit'],
      message: `must be an integer >= 0, got ${describe(options.limit)}`,
    });
  }
  if (
    options.direction !== undefined &&
    options.direction !== 'forwards' &&
    options.direction !== 'backwards'
  ) {
    issues.push({
      path: ['direction'],
      message: `must be 'forwards' or 'backwards', got ${describe(options.direction)}`,
    });
  }
  if (issues.length > 0)
    throw new ValidationError(`invalid readStream options for ${streamId}`, issues);
}

/** Validates `readAll` options the same way in every store. */
export function validateReadAllOptions(options: ReadAllOptions | undefined): void {
  if (options === undefined) return;
  const issues: ValidationIssue[] = [];
  const from = options.fromPosition;
  if (from !== undefined && !(typeof from === 'bigint' && from >= 1n)) {
    issues.push({
      path: ['fromPosition'],
      message: `must be a bigint >= 1n, got ${describe(from)}`,
    });
  }
  if (options.limit !== undefined && !positiveInteger(options.limit, 0)) {
    issues.push({
      path: ['limit'],
      message: `must be an integer >= 0, got ${describe(options.limit)}`,
    });
  }
  if (
    options.types !== undefined &&
    !(Array.isArray(options.types) && options.types.every((t) => typeof t === 'string'))
  ) {
    issues.push({
      path: ['types'],
      message: `must be an array of event types, got ${describe(options.types)}`,
    });
  }
  if (options.streamPrefix !== undefined && typeof options.streamPrefix !== 'string') {
    issues.push({
      path: ['streamPrefix'],
      message: `must be a string, got ${describe(options.streamPrefix)}`,
    });
  }
  if (issues.length > 0) throw new ValidationError('invalid readAll options', issues);
}

/** Validates `saveSnapshot` input (except the version bound, which needs the stream). */
export function validateSnapshotInput(streamId: unknown, snapshot: SaveSnapshotInput): void {
  assertStreamId(streamId);
  const issues: ValidationIssue[] = [];
  if (typeof snapshot !== 'object' || snapshot === null) {
    issues.push({
      path: [],
      message: `must be an object with version and state, got ${describe(snapshot)}`,
    });
  } else {
    if (!positiveInteger(snapshot.version, 1)) {
      issues.push({
        path: ['version'],
        message: `must be an integer >= 1, got ${describe(snapshot.version)}`,
      });
    }
    if (snapshot.schemaVersion !== undefined && !positiveInteger(snapshot.schemaVersion, 1)) {
      issues.push({
        path: ['schemaVersion'],
        message: `must be an integer >= 1, got ${describe(snapshot.schemaVersion)}`,
      });
    }
  }
  if (issues.length > 0) throw new ValidationError(`invalid snapshot for ${streamId}`, issues);
}
