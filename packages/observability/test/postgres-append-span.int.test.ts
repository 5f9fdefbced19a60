import {
  describeUnlessSkipped,
  testServiceUrls,
  uniqueToken,
  unreachableReason,
} from '@agenticflow/conformance';
import { createPostgresEventStore } from '@agenticflow/storage-postgres';
import { context, SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { setupTracing, type TracingHandle } from '../src/index.js';

const url = testServiceUrls.postgres;
const exporter = new InMemorySpanExporter();
let tracing: TracingHandle;
beforeAll(async () => {
  tracing = await setupTracing({ serviceName: 'pg-test', exporter, processor: 'simple' });
});
afterAll(() => tracing.shutdown());

describeUnlessSkipped('the PostgreSQL store traced', await unreachableReason(url), () => {
  const schema = uniqueToken('af_trace_')
    .replace(/[^a-z0-9_]/gi, '_')
    .toLowerCase();
  afterAll(async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`);
    await client.end();
  });

  it('makes an append {family} CLIENT span for an append inside a trace, none outside', async () => {
    const store = await createPostgresEventStore({ connectionString: url, schema });
    try {
      await store.append('audit-p1', [{ type: 'audit.noted', data: 1 }]);
      const outer = trace.getTracer('test').startSpan('outer');
      await context.with(trace.setSpan(context.active(), outer), () =>
        store.append('audit-p1', [{ type: 'audit.noted', data: 2 }], { expectedVersion: 1 }),
      );
      outer.end();
    } finally {
      await store.close();
    }
    await tracing.forceFlush();
    const appends = exporter.getFinishedSpans().filter((span) => span.name === 'append audit');
    expect(appends).toHaveLength(1);
    const span = appends[0]!;
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.attributes).toEqual({
      'db.system.name': 'postgresql',
      'db.operation.name': 'append',
      'db.collection.name': 'audit',
      'agenticflow.stream.id': 'audit-p1',
      'agenticflow.store.event_count': 1,
      'agenticflow.store.expected_version': '1',
      'agenticflow.stream.version': 2,
    });
  });
});
