import type {
  BusMessage,
  DeliveryContext,
  MessageHandler,
  OutgoingMessage,
  PublishResult,
} from '../bus/event-bus.js';
import { type OtelApi, type OtelSpan, otelTracer, SpanKinds, setSpanError } from './otel-api.js';
import { extractHeaders, injectHeaders } from './traceparent.js';

const TRACER = '@agenticflow/bus';

/**
 * Publishes under a `publish {topic}` PRODUCER span (messaging semantic conventions). The span's
 * parent is the `traceparent` already in the headers, else the active context; the message is
 * sent with the span's `traceparent` (and the propagator's other fields) in its headers.
 */
export async function publishWithSpan(
  otel: OtelApi,
  system: string,
  topic: string,
  message: OutgoingMessage,
  send: (message: OutgoingMessage) => Promise<PublishResult>,
): Promise<PublishResult> {
  const headers = message.headers;
  const parent =
    headers?.traceparent === undefined ? otel.context.active() : extractHeaders(otel, headers);
  const span = otelTracer(otel, TRACER).startSpan(
    `publish ${topic}`,
    {
      kind: SpanKinds.producer,
      attributes: {
        'messaging.system': system,
        'messaging.operation.type': 'send',
        'messaging.operation.name': 'publish',
        'messaging.destination.name': topic,
        'messaging.message.id': message.id,
      },
    },
    parent,
  );
  try {
    const traced = {
      ...message,
      headers: injectHeaders(otel, otel.trace.setSpan(parent, span), headers),
    };
    const result = await send(traced);
    span.setAttribute('messaging.message.id', result.id);
    if (result.duplicate) span.setAttribute('agenticflow.bus.duplicate', true);
    return result;
  } catch (error) {
    setSpanError(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/**
 * Runs a handler under a `process {topic}` CONSUMER span whose parent is the context carried by
 * the message headers, so work done by the handler joins the publisher's trace. Returns what the
 * handler returns (a thrown error is rethrown) and ends the span when it settles.
 */
export function processWithSpan(
  otel: OtelApi,
  system: string,
  group: string | undefined,
  handler: MessageHandler,
  message: BusMessage,
  delivery: DeliveryContext,
): void | Promise<void> {
  const parent = extractHeaders(otel, message.headers);
  const span = otelTracer(otel, TRACER).startSpan(
    `process ${message.topic}`,
    {
      kind: SpanKinds.consumer,
      attributes: {
        'messaging.system': system,
        'messaging.operation.type': 'process',
        'messaging.operation.name': 'process',
        'messaging.destination.name': message.topic,
        'messaging.message.id': message.id,
        'messaging.consumer.group.name': group,
        'agenticflow.bus.delivery_attempt': message.deliveryAttempt,
      },
    },
    parent,
  );
  let result: void | Promise<void>;
  try {
    result = otel.context.with(
      otel.trace.setSpan(parent, span),
      handler,
      undefined,
      message,
      delivery,
    );
  } catch (error) {
    endWithError(span, error);
    throw error;
  }
  if (typeof (result as Promise<void> | undefined)?.then !== 'function') {
    span.end();
    return result;
  }
  return Promise.resolve(result).then(
    () => span.end(),
    (error: unknown) => {
      endWithError(span, error);
      throw error;
    },
  );
}

function endWithError(span: OtelSpan, error: unknown): void {
  setSpanError(span, error);
  span.end();
}
