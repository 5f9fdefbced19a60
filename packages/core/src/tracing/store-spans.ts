import type { NewEvent } from '../events/envelope.js';
import type { AppendOptions, AppendResult } from '../store/event-store.js';
import { type OtelApi, otelTracer, SpanKinds, setSpanError } from './otel-api.js';

const TRACER = '@agenticflow/store';

/** The family of a stream id, bounded for span names: `run` for `run-01J…`, else `other`. */
export function streamFamily(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash > 0 && dash <= 32 ? streamId.slice(0, dash) : 'other';
}

/**
 * Appends under an `append {family}` CLIENT span (database conventions: `db.system.name`,
 * `db.operation.name` = `append`, `db.collection.name` = the stream family), with the stream id,
 * the number of events and the resulting version. Event data stays out. Only inside a trace: an
 * append with no active span (background work) is not traced, rather than start a trace of its own.
 */
export async function appendWithSpan(
  otel: OtelApi,
  system: string,
  streamId: string,
  events: readonly NewEvent[],
  options: AppendOptions | undefined,
  append: () => Promise<AppendResult>,
): Promise<AppendResult> {
  const parent = otel.context.active();
  if (otel.trace.getSpan(parent) === undefined) return append();
  const family = streamFamily(streamId);
  const expected = options?.expectedVersion;
  const span = otelTracer(otel, TRACER).startSpan(
    `append ${family}`,
    {
      kind: SpanKinds.client,
      attributes: {
        'db.system.name': system,
        'db.operation.name': 'append',
        'db.collection.name': family,
        'agenticflow.stream.id': streamId,
        'agenticflow.store.event_count': events.length,
        'agenticflow.store.expected_version': expected === undefined ? 'any' : String(expected),
      },
    },
    parent,
  );
  try {
    const result = await append();
    span.setAttribute('agenticflow.stream.version', result.nextExpectedVersion);
    if (result.duplicate) span.setAttribute('agenticflow.store.duplicate', true);
    return result;
  } catch (error) {
    setSpanError(span, error);
    throw error;
  } finally {
    span.end();
  }
}
