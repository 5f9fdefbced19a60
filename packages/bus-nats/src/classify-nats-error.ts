import {
  AgenticFlowError,
  ConfigurationError,
  ConnectionFailedError,
  isAgenticFlowError,
  NotFoundError,
  TimeoutError,
} from '@agenticflow/core';

/** Where a NATS error happened, for the message. */
export interface NatsErrorContext {
  /** What was being done, such as `publish to jobs.run`. */
  readonly action: string;
  /** The redacted server list. */
  readonly servers: string;
}

/** JetStream API error codes this adapter tells apart. */
export const JetStreamCodes = {
  ConsumerNotFound: 10014,
  StreamNotFound: 10059,
  StreamNameInUse: 10058,
  SubjectsOverlap: 10065,
  JetStreamNotEnabledForAccount: 10039,
  JetStreamNotEnabled: 10076,
  ConsumerAlreadyExists: 10148,
  ConsumerNameInUse: 10013,
  TemporarilyUnavailable: 10008,
} as const;

/** The JetStream API error code of `error`, if it has one. */
export function jetStreamCode(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { name, code } = error as { name?: unknown; code?: unknown };
  return typeof name === 'string' &&
    name.endsWith('Error') &&
    typeof code === 'number' &&
    code > 1000
    ? code
    : undefined;
}

/**
 * Maps an error of the NATS client or server to core's codes: unreachable or restarting servers
 * become a retryable `CONNECTION_FAILED`, missing answers `TIMEOUT`, refused credentials a
 * non-retryable `CONNECTION_FAILED`, missing streams and consumers `NOT_FOUND`, a JetStream that is
 * not enabled `INVALID_CONFIGURATION`; anything else `INTERNAL` with the original as `cause`.
 */
export function classifyNatsError(error: unknown, context: NatsErrorContext): AgenticFlowError {
  if (isAgenticFlowError(error)) return error;
  const { action, servers } = context;
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  const options = { cause: error, details: { servers, action } };
  const code = jetStreamCode(error);
  if (code !== undefined) {
    switch (code) {
      case JetStreamCodes.StreamNotFound:
      case JetStreamCodes.ConsumerNotFound:
        return new NotFoundError(`${action}: ${message} on NATS at ${servers}`, options);
      case JetStreamCodes.JetStreamNotEnabled:
      case JetStreamCodes.JetStreamNotEnabledForAccount:
        return new ConfigurationError(
          `${action}: JetStream is not enabled for this account on NATS at ${servers}: start nats-server with -js (or enable JetStream for the account)`,
          options,
        );
      case JetStreamCodes.SubjectsOverlap:
        return new ConfigurationError(
          `${action}: ${message} on NATS at ${servers}: another stream already stores these subjects; choose another streamPrefix`,
          options,
        );
      case JetStreamCodes.TemporarilyUnavailable:
        return new ConnectionFailedError(
          `${action}: JetStream at ${servers} is temporarily unavailable (${message}): retry`,
          options,
        );
      default:
        return new AgenticFlowError(
          'INTERNAL',
          `${action}: JetStream error ${code} from ${servers}: ${message}`,
          options,
        );
    }
  }
  switch (name) {
    case 'TimeoutError':
      return new TimeoutError(
        `${action}: NATS at ${servers} did not answer in time; it may be restarting or overloaded: retry`,
        options,
      );
    case 'NoResponders':
    case 'JetStreamNotEnabled':
      return new ConnectionFailedError(
        `${action}: nothing at ${servers} answered for JetStream; it is restarting, not enabled (start nats-server with -js), or the bus's stream was deleted: retry, or recreate the bus`,
        options,
      );
    case 'RequestError':
      return classifyNatsError((error as Error).cause ?? new Error(message), context);
    case 'AuthorizationError':
    case 'UserAuthenticationExpiredError':
    case 'PermissionViolationError':
      return new ConnectionFailedError(
        `${action}: NATS at ${servers} refused: ${message}: check the credentials and the permissions of this user`,
        { ...options, retryable: false },
      );
    case 'ClosedConnectionError':
      return new ConnectionFailedError(
        `${action}: the NATS connection to ${servers} is closed: open a new connection and bus`,
        { ...options, retryable: false },
      );
    case 'ConnectionError':
    case 'DrainingConnectionError':
    case 'ProtocolError':
      return new ConnectionFailedError(`${action}: NATS at ${servers}: ${message}`, options);
    default:
      if (/ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND/.test(message)) {
        return new ConnectionFailedError(`${action}: NATS at ${servers}: ${message}`, options);
      }
      return new AgenticFlowError('INTERNAL', `${action}: ${message}`, options);
  }
}
