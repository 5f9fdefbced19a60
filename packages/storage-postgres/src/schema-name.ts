import { ConfigurationError, describeValue } from '@agenticflow/core';

/** The schema a store uses when none is given. */
export const DEFAULT_SCHEMA = 'agenticflow';

const SCHEMA_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Throws `INVALID_CONFIGURATION` unless `schema` is a plain lower-case identifier. Only such names
 * are accepted, so the name can be quoted into DDL and function bodies without any escaping.
 */
export function assertSchemaName(schema: unknown): asserts schema is string {
  if (typeof schema === 'string' && SCHEMA_PATTERN.test(schema)) return;
  throw new ConfigurationError(
    `invalid schema name ${describeValue(schema)}: use 1-63 characters of a-z, 0-9 and _, not starting with a digit (such as "agenticflow")`,
    { details: { schema: typeof schema === 'string' ? schema : describeValue(schema) } },
  );
}

/** `"schema"`: a validated schema name, quoted for SQL. */
export function quoteSchema(schema: string): string {
  return `"${schema}"`;
}

/**
 * The LISTEN/NOTIFY channel of a schema. Channel names are limited to 63 bytes; two schemas whose
 * names share their first 60 characters share a channel, which only costs spurious wake-ups.
 */
export function channelName(schema: string): string {
  return `af_${schema}`.slice(0, 63);
}
