// zod schemas of the envelope, for code that validates events arriving from outside (an HTTP API,
// a file). A separate entry point so that importing `@agenticflow/core` does not load zod.
export {
  eventMetadataSchema,
  eventTypeSchema,
  jsonValueSchema,
  serializedEventSchema,
  streamIdSchema,
} from './event-schemas.js';
