export { MAX_EVENTS_PER_APPEND } from './append-to-stream.js';
export {
  classifyPostgresError,
  type PostgresErrorContext,
} from './classify-postgres-error.js';
export {
  createPostgresEventStore,
  PostgresEventStore,
} from './postgres-event-store.js';
export type { PostgresEventStoreOptions } from './postgres-event-store-options.js';
export { DEFAULT_SCHEMA } from './schema-name.js';
