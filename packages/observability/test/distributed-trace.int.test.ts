import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  describeUnlessSkipped,
  testServiceUrls,
  uniqueToken,
  unreachableReason,
} from '@agenticflow/conformance';
import { collect } from '@agenticflow/core';
import { createSqliteEventStore } from '@agenticflow/storage-sqlite';
import { createWorkflowClient } from '@agenticflow/workflows';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { setupTracing, type TracingHandle } from '../src/index.js';
import { openBus } from './fixtures/open-backends.js';
import { type TraceBackends, tracedWorkflow } from './fixtures/traced-workflow.js';
import { type OtlpReceiver, startOtlpReceiver } from './otlp-receiver.js';

const packageDirectory = fileURLToPath(new URL('..', import.meta.url));
// OTLP's SpanKind enum (one above the API's, which has no UNSPECIFIED).
const PRODUCER = 4;
const CONSUMER = 5;

function startWorker(backends: TraceBackends, service: string) {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/fixtures/traced-worker.ts', JSON.stringify(backends), service],
    { cwd: packageDirectory, stdio: 'pipe' },
  );
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${service} not ready:\n${output}`)), 60_000);
    child.stdout.on('data', () => {
      const line = output.split('\n').find((entry) => entry.startsWith('READY '));
      if (line) {
        clearTimeout(timer);
        resolve(line.slice('READY '.length));
      }
    });
    child.on('close', () => reject(new Error(`${service} exited:\n${output}`)));
  });
  return { child, ready, exited, output: () => output };
}

// One tracer provider per process: this file is the only test of it in its worker.
let receiver: OtlpReceiver;
let tracing: TracingHandle;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
  tracing = await setupTracing({ serviceName: 'client', url: receiver.url });
});
afterAll(async () => {
  await tracing.shutdown();
  await receiver.close();
});

for (const bus of ['redis', 'nats'] as const) {
  const busUrl = testServiceUrls[bus];
  describeUnlessSkipped(
    `one trace for a run over two worker processes (SQLite, ${bus})`,
    await unreachableReason(busUrl),
    () => {
      const directory = mkdtempSync(join(tmpdir(), 'af-trace-'));
      afterAll(() => rmSync(directory, { recursive: true, force: true }));

      it('exports run, step and bus spans from every process under one trace id', async () => {
        const backends: TraceBackends = {
          filename: join(directory, 'events.db'),
          bus,
          busUrl,
          busPrefix: uniqueToken(bus === 'nats' ? 'AFTRACE' : 'af-trace-'),
          otlpUrl: receiver.url,
        };
        let runId = '';
        const workers = [startWorker(backends, `${bus}-a`), startWorker(backends, `${bus}-b`)];
        const store = await createSqliteEventStore({ filename: backends.filename });
        const clientBus = await openBus(backends);
        try {
          const workerIds = await Promise.all(workers.map((worker) => worker.ready));
          const client = await createWorkflowClient({
            store,
            bus: clientBus,
            workflows: [tracedWorkflow],
          });
          const run = await client.start(tracedWorkflow, { n: 1 });
          runId = run.runId;
          expect(await run.result()).toEqual({ report: 14 });
          await client.close();

          const started = await collect(
            store.readAll({ streamPrefix: 'run-', types: ['step.started'] }),
          );
          const ranOn = new Set(started.map((e) => (e.data as { workerId: string }).workerId));
          expect([...ranOn].sort()).toEqual([...workerIds].sort());
        } finally {
          for (const worker of workers) worker.child.kill('SIGTERM');
          await Promise.all(workers.map((worker) => worker.exited));
          await clientBus.close();
          await store.close();
        }
        await tracing.forceFlush();

        const runSpans = receiver.spans.filter((s) => s.attributes['agenticflow.run.id'] === runId);
        const runSpan = runSpans.find((s) => s.name === 'workflow.run traced-fan-out')!;
        expect(runSpan, 'the run span').toBeDefined();
        const spans = receiver.spans.filter((s) => s.traceId === runSpan.traceId);
        // Nothing of this run's bus traffic escaped into another trace.
        const topic = 'workflows.step.traced-fan-out';
        const strays = receiver.spans.filter(
          (s) => s.traceId !== runSpan.traceId && s.attributes['messaging.system'] === bus,
        );
        expect(strays.map((s) => s.name)).toEqual([]);

        expect(runSpan.parentSpanId).toBeUndefined();
        expect(runSpan.service).toBe('client');
        expect(runSpan.attributes).toMatchObject({
          'agenticflow.workflow.name': 'traced-fan-out',
          'agenticflow.run.status': 'completed',
        });

        const steps = spans.filter((s) => s.name.startsWith('workflow.step '));
        expect(steps.map((s) => s.name).sort()).toEqual(
          ['a', 'b', 'c', 'd', 'fetch', 'report'].map((id) => `workflow.step ${id}`),
        );
        for (const step of steps) expect(step.parentSpanId).toBe(runSpan.spanId);
        expect(new Set(steps.map((s) => s.service))).toEqual(new Set([`${bus}-a`, `${bus}-b`]));

        const appends = spans.filter((s) => s.name === 'append run');
        expect(appends.length).toBeGreaterThan(6);
        for (const append of appends) {
          expect(append.parentSpanId).toBe(runSpan.spanId);
          expect(append.attributes).toMatchObject({
            'db.system.name': 'sqlite',
            'db.operation.name': 'append',
            'agenticflow.stream.id': `run-${runId}`,
          });
        }
        expect(new Set(appends.map((s) => s.service))).toEqual(
          new Set(['client', `${bus}-a`, `${bus}-b`]),
        );

        const publishes = spans.filter((s) => s.name === `publish ${topic}`);
        const processes = spans.filter((s) => s.name === `process ${topic}`);
        expect(publishes.length).toBeGreaterThanOrEqual(6);
        expect(processes.length).toBeGreaterThanOrEqual(6);
        const publishIds = new Set(publishes.map((s) => s.spanId));
        for (const publish of publishes) {
          expect(publish.kind).toBe(PRODUCER);
          expect(publish.parentSpanId).toBe(runSpan.spanId);
          expect(publish.attributes).toMatchObject({
            'messaging.system': bus,
            'messaging.operation.type': 'send',
            'messaging.destination.name': topic,
          });
        }
        for (const processed of processes) {
          expect(processed.kind).toBe(CONSUMER);
          expect(publishIds.has(processed.parentSpanId!)).toBe(true);
          expect(processed.attributes).toMatchObject({
            'messaging.system': bus,
            'messaging.operation.type': 'process',
            'messaging.destination.name': topic,
            'messaging.consumer.group.name': 'agenticflow-workflows',
          });
        }
      }, 90_000);
    },
  );
}
