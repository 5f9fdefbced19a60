import {
  checkJson,
  describeValue,
  type JsonObject,
  type JsonValue,
  ValidationError,
  type ValidationIssue,
} from '@agenticflow/core';
import type { MemoryListOptions, MemoryPutOptions, MemorySearchQuery } from './memory-store.js';

/** Letters, digits and `_ . : @ / + = -`, starting with a letter or digit: safe in a stream id. */
export const NAMESPACE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:@/+=-]*$/;
/** Longest namespace (it becomes part of a stream id, which is at most 256 characters). */
export const MAX_NAMESPACE_LENGTH = 200;
/** Longest record key. */
export const MAX_KEY_LENGTH = 512;

const MAX_LIMIT = 1000;

function fail(what: string, issues: ValidationIssue[]): void {
  if (issues.length > 0) throw new ValidationError(`invalid ${what}`, issues);
}

function checkNamespace(namespace: unknown, issues: ValidationIssue[]): void {
  if (
    typeof namespace !== 'string' ||
    namespace.length > MAX_NAMESPACE_LENGTH ||
    !NAMESPACE_PATTERN.test(namespace)
  ) {
    issues.push({
      path: ['namespace'],
      message: `${describeValue(namespace)} is not a namespace: use 1-${MAX_NAMESPACE_LENGTH} letters, digits and _ . : @ / + = -, starting with a letter or digit (such as "user-42/notes")`,
    });
  }
}

function checkKey(key: unknown, issues: ValidationIssue[], path: string): void {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) {
    issues.push({
      path: [path],
      message: `${describeValue(key)} is not a key: use a non-empty string of at most ${MAX_KEY_LENGTH} characters`,
    });
    return;
  }
  checkJson(key, [path], issues, false);
}

/** Throws `VALIDATION_FAILED` unless `namespace` is valid. */
export function assertNamespace(what: string, namespace: unknown): void {
  const issues: ValidationIssue[] = [];
  checkNamespace(namespace, issues);
  fail(what, issues);
}

/** Throws `VALIDATION_FAILED` unless `namespace` and `key` are valid. */
export function assertAddress(what: string, namespace: unknown, key: unknown): void {
  const issues: ValidationIssue[] = [];
  checkNamespace(namespace, issues);
  checkKey(key, issues, 'key');
  fail(what, issues);
}

function checkRevision(value: unknown, issues: ValidationIssue[]): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    issues.push({
      path: ['expectedRevision'],
      message: `${describeValue(value)} is not a revision: use an integer >= 0 (0 means "must not exist")`,
    });
  }
}

function checkObject(value: unknown, path: string, issues: ValidationIssue[]): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    issues.push({ path: [path], message: `must be a JSON object, got ${describeValue(value)}` });
    return {};
  }
  return checkJson(value, [path], issues, true).value as JsonObject;
}

/** Checks a put; returns frozen copies of the value and metadata. */
export function checkPut(
  namespace: unknown,
  key: unknown,
  value: unknown,
  options: MemoryPutOptions | undefined,
): { value: JsonValue; metadata: JsonObject; expectedRevision: number | undefined } {
  const issues: ValidationIssue[] = [];
  checkNamespace(namespace, issues);
  checkKey(key, issues, 'key');
  const copy = checkJson(value, ['value'], issues, true).value;
  const metadata =
    options?.metadata === undefined ? {} : checkObject(options.metadata, 'metadata', issues);
  checkRevision(options?.expectedRevision, issues);
  fail('memory put', issues);
  return { value: copy, metadata, expectedRevision: options?.expectedRevision };
}

/** Checks a delete's expected revision. */
export function checkExpectedRevision(what: string, value: unknown): void {
  const issues: ValidationIssue[] = [];
  checkRevision(value, issues);
  fail(what, issues);
}

function checkLimit(value: unknown, fallback: number, issues: ValidationIssue[]): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_LIMIT) {
    issues.push({
      path: ['limit'],
      message: `${describeValue(value)} is not a limit: use an integer from 1 to ${MAX_LIMIT}`,
    });
    return fallback;
  }
  return value;
}

function checkOptionalString(value: unknown, path: string, issues: ValidationIssue[]): void {
  if (value !== undefined && typeof value !== 'string') {
    issues.push({ path: [path], message: `must be a string, got ${describeValue(value)}` });
  }
}

/** {@link MemoryListOptions} checked, with defaults. */
export type ResolvedListOptions = Required<Pick<MemoryListOptions, 'limit' | 'order'>> &
  Pick<MemoryListOptions, 'prefix' | 'after'>;

/** Checks list options and fills in defaults. */
export function resolveListOptions(
  namespace: unknown,
  options: MemoryListOptions = {},
): ResolvedListOptions {
  const issues: ValidationIssue[] = [];
  checkNamespace(namespace, issues);
  const limit = checkLimit(options.limit, 100, issues);
  checkOptionalString(options.prefix, 'prefix', issues);
  checkOptionalString(options.after, 'after', issues);
  const order = options.order ?? 'asc';
  if (order !== 'asc' && order !== 'desc') {
    issues.push({ path: ['order'], message: `${describeValue(order)} is not 'asc' or 'desc'` });
  }
  fail('memory list options', issues);
  return { limit, order, prefix: options.prefix, after: options.after };
}

/** {@link MemorySearchQuery} checked, with defaults. */
export interface ResolvedSearchQuery {
  readonly where: JsonObject;
  readonly terms: readonly string[];
  readonly prefix: string | undefined;
  readonly limit: number;
}

/** Checks a search query and splits its text into lower-case words. */
export function resolveSearchQuery(
  namespace: unknown,
  query: MemorySearchQuery,
): ResolvedSearchQuery {
  const issues: ValidationIssue[] = [];
  checkNamespace(namespace, issues);
  if (typeof query !== 'object' || query === null) {
    issues.push({ path: [], message: `a query must be an object, got ${describeValue(query)}` });
    fail('memory search query', issues);
  }
  const where = query.where === undefined ? {} : checkObject(query.where, 'where', issues);
  checkOptionalString(query.text, 'text', issues);
  checkOptionalString(query.prefix, 'prefix', issues);
  const limit = checkLimit(query.limit, 20, issues);
  fail('memory search query', issues);
  const terms = (query.text ?? '')
    .toLowerCase()
    .split(/\s+/u)
    .filter((term) => term.length > 0);
  return { where, terms, prefix: query.prefix, limit };
}
