import type { Attributes } from '@opentelemetry/api';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { isSensitiveKey, REDACTED, redactText } from '../logging/redact-secrets.js';

type ExportCallback = Parameters<SpanExporter['export']>[1];

/**
 * A span exporter that hides secrets before spans leave the process: the value of an attribute
 * whose key names a secret (`authorization`, `api_key`, `password`…) becomes `[REDACTED]`, and
 * each configured secret value is replaced wherever it appears in a span's name, attributes,
 * status message and events (an exception's message and stack included). An application error
 * that quotes an API key thus never reaches the collector.
 */
export class RedactingSpanExporter implements SpanExporter {
  constructor(
    private readonly inner: SpanExporter,
    private readonly secrets: readonly string[],
  ) {}

  export(spans: ReadableSpan[], resultCallback: ExportCallback): void {
    this.inner.export(
      spans.map((span) => redactSpan(span, this.secrets)),
      resultCallback,
    );
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

function redactAttributes(attributes: Attributes, secrets: readonly string[]): Attributes {
  const copy: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    // `http.request.header.authorization`: the last dotted segment names what the value is.
    if (isSensitiveKey(key.slice(key.lastIndexOf('.') + 1))) copy[key] = REDACTED;
    else if (typeof value === 'string') copy[key] = redactText(value, secrets);
    else if (Array.isArray(value) && value.some((item) => typeof item === 'string'))
      copy[key] = (value as Array<string | null | undefined>).map((item) =>
        typeof item === 'string' ? redactText(item, secrets) : item,
      );
    else copy[key] = value;
  }
  return copy;
}

function redactSpan(span: ReadableSpan, secrets: readonly string[]): ReadableSpan {
  const status =
    span.status.message === undefined
      ? span.status
      : { ...span.status, message: redactText(span.status.message, secrets) };
  return {
    name: redactText(span.name, secrets),
    kind: span.kind,
    spanContext: () => span.spanContext(),
    ...(span.parentSpanContext === undefined ? {} : { parentSpanContext: span.parentSpanContext }),
    startTime: span.startTime,
    endTime: span.endTime,
    status,
    attributes: redactAttributes(span.attributes, secrets),
    links: span.links,
    events: span.events.map((event) =>
      event.attributes === undefined
        ? event
        : { ...event, attributes: redactAttributes(event.attributes, secrets) },
    ),
    duration: span.duration,
    ended: span.ended,
    resource: span.resource,
    instrumentationScope: span.instrumentationScope,
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
  };
}
