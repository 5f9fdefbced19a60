import type { OtelApi, OtelContext, OtelSpanContext } from './otel-api.js';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const INVALID_TRACE = '00000000000000000000000000000000';
const INVALID_SPAN = '0000000000000000';

/** The W3C `traceparent` of a span context (version 00), or undefined when it is not valid. */
export function formatTraceparent(spanContext: OtelSpanContext): string | undefined {
  const { traceId, spanId, traceFlags } = spanContext;
  if (traceId.length !== 32 || spanId.length !== 16) return undefined;
  if (traceId === INVALID_TRACE || spanId === INVALID_SPAN) return undefined;
  return `00-${traceId}-${spanId}-${(traceFlags & 0xff).toString(16).padStart(2, '0')}`;
}

/** Parses a W3C `traceparent` (version 00) into a remote span context, or undefined. */
export function parseTraceparent(traceparent: string | undefined): OtelSpanContext | undefined {
  if (traceparent === undefined) return undefined;
  const match = TRACEPARENT.exec(traceparent.trim());
  if (!match || match[1] === INVALID_TRACE || match[2] === INVALID_SPAN) return undefined;
  return {
    traceId: match[1]!,
    spanId: match[2]!,
    traceFlags: Number.parseInt(match[3]!, 16),
    isRemote: true,
  };
}

/**
 * The `traceparent` of the span active in `context` (the active context by default), or
 * undefined when no valid span is active. Written into event metadata, which holds W3C
 * `traceparent` whatever propagator the application configured.
 */
export function traceparentOf(otel: OtelApi, context?: OtelContext): string | undefined {
  const span = otel.trace.getSpan(context ?? otel.context.active());
  return span === undefined ? undefined : formatTraceparent(span.spanContext());
}

/**
 * The context to continue a trace from: `traceparent` (event metadata) on top of the root
 * context, or the root context when it is missing or malformed.
 */
export function contextFromTraceparent(
  otel: OtelApi,
  traceparent: string | undefined,
): OtelContext {
  const spanContext = parseTraceparent(traceparent);
  return spanContext === undefined
    ? otel.ROOT_CONTEXT
    : otel.trace.setSpanContext(otel.ROOT_CONTEXT, spanContext);
}

/**
 * Extracts the context carried by message headers with the registered propagator, falling back
 * to parsing `traceparent` when the propagator found none (no W3C propagator registered).
 */
export function extractHeaders(
  otel: OtelApi,
  headers: Readonly<Record<string, string>>,
): OtelContext {
  const extracted = otel.propagation.extract(otel.ROOT_CONTEXT, headers);
  if (otel.trace.getSpan(extracted) !== undefined) return extracted;
  return contextFromTraceparent(otel, headers.traceparent);
}

/**
 * Headers carrying `context`: a copy of `headers` with the registered propagator's fields
 * (`traceparent`, `tracestate`, `baggage`) replaced, and `traceparent` written even when the
 * propagator is not W3C.
 */
export function injectHeaders(
  otel: OtelApi,
  context: OtelContext,
  headers: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
  const carrier: Record<string, string> = { ...headers };
  otel.propagation.inject(context, carrier);
  const traceparent = traceparentOf(otel, context);
  if (traceparent !== undefined) carrier.traceparent = traceparent;
  return carrier;
}
