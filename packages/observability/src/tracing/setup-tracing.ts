import { ConfigurationError } from '@agenticflow/core';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { checkSecrets } from '../logging/redact-secrets.js';
import { RedactingSpanExporter } from './redacting-exporter.js';

/** Options of {@link setupTracing}. */
export interface SetupTracingOptions {
  /** `service.name` of the resource every span carries. */
  readonly serviceName: string;
  /**
   * Where spans go: `'otlp'` sends them as OTLP/HTTP JSON to `url`; a `SpanExporter` of your
   * choice (console, in-memory, a vendor's) receives them as they are.
   * @defaultValue 'otlp'
   */
  readonly exporter?: 'otlp' | SpanExporter;
  /**
   * The OTLP/HTTP traces endpoint, for `exporter: 'otlp'`.
   * @defaultValue `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, else `http://localhost:4318/v1/traces`
   */
  readonly url?: string;
  /** Extra HTTP headers of the OTLP export (an API key, a tenant). */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * `'batch'` exports in the background in batches (production); `'simple'` exports each span as
   * it ends (tests, short scripts).
   * @defaultValue 'batch'
   */
  readonly processor?: 'batch' | 'simple';
  /**
   * Values that must never leave the process in a span, such as API keys: each occurrence in a
   * span's name, attributes, status or events (exception messages and stacks) becomes
   * `[REDACTED]`. Attributes whose key names a secret (`authorization`, `api_key`…) are redacted
   * whatever their value. Entries shorter than 4 characters are refused.
   * @defaultValue []
   */
  readonly secrets?: readonly (string | undefined)[];
}

/** Tracing set up by {@link setupTracing}. */
export interface TracingHandle {
  /** Exports the spans that ended and are still buffered. */
  forceFlush(): Promise<void>;
  /** Flushes, then stops the SDK. Call before the process exits. */
  shutdown(): Promise<void>;
}

/**
 * Starts the OpenTelemetry Node SDK (`@opentelemetry/sdk-node` 0.203) with the W3C trace-context
 * propagator and an `AsyncLocalStorage` context manager, exporting spans over OTLP/HTTP or to
 * your exporter, with secrets redacted. From then on every AgenticFlow package traces: runs, steps and bus messages
 * (the libraries load `@opentelemetry/api` only once this has run). The SDK is loaded
 * here, not when this package is imported (it takes ~150 ms). Call it once, first thing.
 *
 * @example
 * ```ts
 * const tracing = await setupTracing({ serviceName: 'report-worker', url: 'http://collector:4318/v1/traces' });
 * // ... run workflows ...
 * await tracing.shutdown();
 * ```
 */
export async function setupTracing(options: SetupTracingOptions): Promise<TracingHandle> {
  if (typeof options.serviceName !== 'string' || options.serviceName === '')
    throw new ConfigurationError('setupTracing needs a serviceName, such as "report-worker"');
  const [{ NodeSDK, tracing }, otlp] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    options.exporter === undefined || options.exporter === 'otlp'
      ? import('@opentelemetry/exporter-trace-otlp-http')
      : undefined,
  ]);
  const secrets = checkSecrets(options.secrets);
  const target: SpanExporter =
    otlp === undefined
      ? (options.exporter as SpanExporter)
      : new otlp.OTLPTraceExporter({
          ...(options.url === undefined ? {} : { url: options.url }),
          ...(options.headers === undefined ? {} : { headers: { ...options.headers } }),
        });
  const exporter = new RedactingSpanExporter(target, secrets);
  const processor =
    options.processor === 'simple'
      ? new tracing.SimpleSpanProcessor(exporter)
      : new tracing.BatchSpanProcessor(exporter);
  const sdk = new NodeSDK({
    serviceName: options.serviceName,
    spanProcessors: [processor],
    instrumentations: [],
  });
  sdk.start();
  return {
    forceFlush: () => processor.forceFlush(),
    shutdown: () => sdk.shutdown(),
  };
}
