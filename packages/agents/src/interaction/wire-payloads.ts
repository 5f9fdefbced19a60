import type { JsonValue, SerializedError } from '@agenticflow/core';
import {
  boolean,
  firstOf,
  issueLines,
  json,
  literal,
  nonEmptyString,
  object,
  optional,
  record,
  runCheck,
  string,
  unchecked,
  type ValueCheck,
  variants,
} from '../validation/value-check.js';
import type { AgentMessage } from './agent-messenger.js';
import type { RequestOutcome } from './conversation-events.js';
import { ProtocolViolationError } from './interaction-errors.js';

const agentMessage: ValueCheck<AgentMessage> = object({
  id: nonEmptyString,
  type: nonEmptyString,
  from: nonEmptyString,
  to: nonEmptyString,
  body: json,
  correlationId: optional(nonEmptyString),
  inReplyTo: optional(nonEmptyString),
  sentAt: nonEmptyString,
});

const serializedError: ValueCheck<SerializedError> = object({
  name: string,
  code: nonEmptyString,
  message: string,
  retryable: boolean,
  details: optional(record(unchecked())),
  cause: optional((value, path, issues) => serializedError(value, path, issues)),
});

/** What travels on an agent's inbox topic. */
export interface InboxPayload {
  readonly kind: 'message' | 'request';
  readonly message: AgentMessage;
  /** For a request: the topic to publish the outcome to. */
  readonly replyTo?: string;
}

const inboxPayload = variants<InboxPayload>('kind', {
  message: object({ kind: literal('message'), message: agentMessage }),
  request: object({ kind: literal('request'), message: agentMessage, replyTo: nonEmptyString }),
});

const outcomePayload = firstOf<RequestOutcome>(
  [
    object({ requestId: nonEmptyString, message: agentMessage }),
    object({ requestId: nonEmptyString, responder: string, error: serializedError }),
  ],
  // A payload that fits neither is reported against the shape it resembles.
  (value) => (typeof value === 'object' && value !== null && 'error' in value ? 1 : 0),
);

/** Reads an inbox payload; throws `PROTOCOL_VIOLATION` naming what is wrong. */
export function parseInboxPayload(payload: JsonValue, topic: string): InboxPayload {
  return parse(inboxPayload, payload, `message on ${topic}`);
}

/** Reads a reply payload; throws `PROTOCOL_VIOLATION` naming what is wrong. */
export function parseOutcomePayload(payload: JsonValue, topic: string): RequestOutcome {
  return parse(outcomePayload, payload, `reply on ${topic}`);
}

function parse<T>(check: ValueCheck<T>, payload: JsonValue, what: string): T {
  const result = runCheck(check, payload);
  if (result.ok) return result.value;
  const { issues } = result;
  const listed = issueLines(issues.slice(0, 3)).join('; ');
  throw new ProtocolViolationError(
    `${what} is not an AgenticFlow agent message (${listed}): publish to agent topics only through an AgentMessenger`,
    { details: { issues } },
  );
}
