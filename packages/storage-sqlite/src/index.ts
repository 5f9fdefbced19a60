export {
  createSqliteEventStore,
  SqliteEventStore,
} from './sqlite-event-store.js';
export type {
  SqliteEventStoreOptions,
  SqliteSynchronous,
} from './sqlite-event-store-options.js';
