/**
 * The few members of `@opentelemetry/api` AgenticFlow uses, typed here so that no package needs
 * `@opentelemetry/api` (an optional peer dependency) to compile against core.
 */

/** An OpenTelemetry context (opaque). */
export interface OtelContext {
  getValue(key: symbol): unknown;
}

/** The identity of a span, as in `@opentelemetry/api`. */
export interface OtelSpanContext {
  readonly traceId: string;
  readonly spanId: string;
  readonly traceFlags: number;
  readonly isRemote?: boolean;
}

/** A span attribute value. */
export type OtelAttributeValue = string | number | boolean | string[] | number[] | boolean[];

/** A started span. */
export interface OtelSpan {
  spanContext(): OtelSpanContext;
  setAttribute(key: string, value: OtelAttributeValue): this;
  setStatus(status: { code: number; message?: string }): this;
  recordException(exception: unknown): void;
  updateName(name: string): this;
  end(): void;
}

/** Options of `tracer.startSpan`. */
export interface OtelSpanOptions {
  kind?: number;
  attributes?: Record<string, OtelAttributeValue | undefined>;
  root?: boolean;
}

/** A tracer. */
export interface OtelTracer {
  startSpan(name: string, options?: OtelSpanOptions, context?: OtelContext): OtelSpan;
}

/** The part of `@opentelemetry/api` AgenticFlow calls. */
export interface OtelApi {
  readonly trace: {
    getTracer(name: string, version?: string): OtelTracer;
    setSpan(context: OtelContext, span: OtelSpan): OtelContext;
    getSpan(context: OtelContext): OtelSpan | undefined;
    setSpanContext(context: OtelContext, spanContext: OtelSpanContext): OtelContext;
    isSpanContextValid(spanContext: OtelSpanContext): boolean;
  };
  readonly context: {
    active(): OtelContext;
    with<A extends unknown[], R>(
      context: OtelContext,
      fn: (...args: A) => R,
      thisArg?: unknown,
      ...args: A
    ): R;
  };
  readonly propagation: {
    inject(context: OtelContext, carrier: Record<string, string>): void;
    extract(context: OtelContext, carrier: Readonly<Record<string, string>>): OtelContext;
  };
  readonly ROOT_CONTEXT: OtelContext;
}

/** `SpanKind` of `@opentelemetry/api`. */
export const SpanKinds = { internal: 0, server: 1, client: 2, producer: 3, consumer: 4 } as const;
/** `SpanStatusCode.ERROR` of `@opentelemetry/api`. */
export const SPAN_STATUS_ERROR = 2;

// The key `@opentelemetry/api` 1.x registers its globals under (internal/global-utils.js).
const GLOBAL_KEY = Symbol.for('opentelemetry.js.api.1');
let api: OtelApi | undefined;
let unavailable = false;

/**
 * The OpenTelemetry API, once something (an SDK, a test) has registered a global tracer provider,
 * context manager or propagator; otherwise undefined, at the cost of one property read. Libraries
 * never import `@opentelemetry/api` at load time (it takes ~15 ms): it is loaded here, on first
 * use, from wherever this package resolves it. If it cannot be resolved, tracing stays off.
 */
export function otelApi(): OtelApi | undefined {
  if (api !== undefined) return api;
  if (unavailable || (globalThis as Record<symbol, unknown>)[GLOBAL_KEY] === undefined)
    return undefined;
  try {
    const { createRequire } = process.getBuiltinModule('node:module');
    api = createRequire(import.meta.url)('@opentelemetry/api') as OtelApi;
  } catch {
    unavailable = true;
  }
  return api;
}

const tracers = new Map<string, OtelTracer>();

/** The tracer named after an AgenticFlow package, cached. */
export function otelTracer(otel: OtelApi, name: string): OtelTracer {
  let tracer = tracers.get(name);
  if (tracer === undefined) {
    tracer = otel.trace.getTracer(name);
    tracers.set(name, tracer);
  }
  return tracer;
}

/** Marks a span as failed with the error's message and records the exception. */
export function setSpanError(span: OtelSpan, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') span.setAttribute('error.type', code);
  else span.setAttribute('error.type', (error as Error | null)?.name ?? 'Error');
  span.setStatus({
    code: SPAN_STATUS_ERROR,
    message: error instanceof Error ? error.message : String(error),
  });
}
