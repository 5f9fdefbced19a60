import { ConfigurationError, describeValue } from '@agenticflow/core';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { checkSecrets, redactSecrets, redactText } from './redact-secrets.js';

/** Levels a logger accepts, from the most to the least severe, and `silent`. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
/** One of {@link LOG_LEVELS}. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Options of {@link createLogger}. */
export interface CreateLoggerOptions {
  /** The least severe level written. @defaultValue 'info' */
  readonly level?: LogLevel;
  /**
   * Values that must never be written, such as API keys and database passwords: each occurrence,
   * in any field, message, error message or stack, becomes `[REDACTED]`. `undefined` and empty
   * entries are ignored; shorter than 4 characters is refused.
   * @defaultValue []
   */
  readonly secrets?: readonly (string | undefined)[];
  /**
   * Where the JSON lines go: any stream with `write(line)`.
   * @defaultValue standard output
   */
  readonly destination?: DestinationStream;
  /** Written as `name` on every record. */
  readonly name?: string;
  /** Fields written on every record. @defaultValue { pid, hostname } */
  readonly base?: Record<string, unknown>;
}

/**
 * A pino logger writing one JSON object per line. While an OpenTelemetry span is active, records
 * carry its `trace_id`, `span_id` and `trace_flags`. Values under sensitive keys (`authorization`,
 * `password`, `token`, `apiKey`, `secret`, `cookie`, ... at any depth and in any case) and every
 * configured secret are replaced by `[REDACTED]`, in fields, child bindings, messages and errors.
 *
 * @example
 * ```ts
 * const logger = createLogger({ level: 'debug', secrets: [process.env.OPENAI_API_KEY] });
 * logger.info({ workflow: 'report' }, 'run started');
 * ```
 */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  if (!LOG_LEVELS.includes(level)) {
    throw new ConfigurationError(
      `log level ${describeValue(level)} is not one of ${LOG_LEVELS.join(', ')}: pass one of those`,
    );
  }
  const secrets = checkSecrets(options.secrets);
  const destination = options.destination ?? pino.destination(1);
  if (
    typeof destination !== 'object' ||
    destination === null ||
    typeof destination.write !== 'function'
  ) {
    throw new ConfigurationError(
      `destination must be a stream with write(line), got ${describeValue(destination)}: pass a writable stream, or leave it out for standard output`,
    );
  }
  const pinoOptions: LoggerOptions = {
    level,
    ...(options.name === undefined ? {} : { name: options.name }),
    ...(options.base === undefined ? {} : { base: options.base }),
    mixin: activeSpanFields,
    formatters: {
      bindings: (bindings) => redactSecrets(bindings, secrets),
    },
    hooks: {
      logMethod(args, method) {
        const safe = args.map((arg: unknown) => redactSecrets(arg, secrets)) as typeof args;
        method.apply(this, safe);
      },
    },
  };
  // A last pass over each written line catches a secret that reached it another way.
  const target =
    secrets.length === 0
      ? destination
      : { write: (line: string) => destination.write(redactText(line, secrets)) };
  return pino(pinoOptions, target);
}

function activeSpanFields(): Record<string, string> {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const context = span.spanContext();
  if (!isSpanContextValid(context)) return {};
  return {
    trace_id: context.traceId,
    span_id: context.spanId,
    trace_flags: context.traceFlags.toString(16).padStart(2, '0'),
  };
}
