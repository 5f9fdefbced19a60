import type { JsonObject } from '@agenticflow/core';
import {
  array,
  json,
  literal,
  nonEmptyString,
  number,
  object,
  oneOf,
  optional,
  record,
  string,
  type ValueCheck,
  variants,
} from '../validation/value-check.js';

const descriptor = object({
  name: string,
  version: string,
  description: optional(string),
  inputSchema: optional(record(json)),
});

const announcedAgent = object({
  agentId: nonEmptyString,
  type: string,
  capabilities: array(descriptor),
  status: string,
  load: object({ inFlight: number({ min: 0 }), capacity: optional(number({ above: 0 })) }),
  stats: object({
    successes: number({ min: 0 }),
    failures: number({ min: 0 }),
    averageLatencyMs: optional(number({ min: 0 })),
  }),
});

const announcement = object({
  kind: oneOf('announce', 'heartbeat'),
  instanceId: nonEmptyString,
  seq: number(),
  ttlMs: number({ above: 0 }),
  agents: array(announcedAgent),
});

const departure = object({
  kind: literal('depart'),
  instanceId: nonEmptyString,
  seq: number(),
  agentIds: array(string),
});

/** One agent as announced on the bus. */
export type AnnouncedAgent = ReturnType<typeof announcedAgent>;
/** What registries tell each other. `seq` grows per instance, so late copies are ignored. */
export type RegistryMessage = ReturnType<typeof announcement> | ReturnType<typeof departure>;

/** Checks a registry message from the bus. */
export const registryMessage: ValueCheck<RegistryMessage> = variants<RegistryMessage>('kind', {
  announce: announcement,
  heartbeat: announcement,
  depart: departure,
});

/** The payload of a registry message, as JSON for the bus. */
export function toPayload(message: RegistryMessage): JsonObject {
  return JSON.parse(JSON.stringify(message)) as JsonObject;
}
