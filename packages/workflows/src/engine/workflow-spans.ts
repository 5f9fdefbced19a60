import {
  contextFromTraceparent,
  type OtelApi,
  type OtelContext,
  type OtelSpan,
  otelTracer,
  SpanKinds,
} from '@agenticflow/core';
import type { AnyWorkflowDefinition } from '../definition/step-definition.js';
import { parseMapItemId } from '../state/run-state.js';
import type { RunDriver } from './run-driver.js';

const TRACER = '@agenticflow/workflows';

/**
 * The `workflow.run {workflow}` span of a run started in this process: its parent is `parent`
 * (a `traceparent`, for child runs) or the active context. Its `traceparent` goes into the
 * `run.started` metadata, so every worker's step spans join the run's trace.
 */
export function startRunSpan(
  otel: OtelApi,
  definition: AnyWorkflowDefinition,
  runId: string,
  parent: string | undefined,
): OtelSpan {
  return otelTracer(otel, TRACER).startSpan(
    `workflow.run ${definition.name}`,
    {
      kind: SpanKinds.internal,
      attributes: {
        'agenticflow.workflow.name': definition.name,
        'agenticflow.workflow.version': definition.version,
        'agenticflow.run.id': runId,
      },
    },
    parent === undefined ? otel.context.active() : contextFromTraceparent(otel, parent),
  );
}

/** A step attempt's span and the context its function runs in. */
export interface StepSpan {
  readonly span: OtelSpan;
  readonly context: OtelContext;
}

/**
 * The `workflow.step {stepId}` span of one attempt, child of the run's span (the `traceparent`
 * of `run.started`) whichever worker runs it. A map item is named after its map step (bounded
 * span names) and carries its index.
 */
export function startStepSpan(
  otel: OtelApi,
  driver: RunDriver,
  stepId: string,
  attempt: number,
): StepSpan {
  const item = parseMapItemId(stepId);
  const parent = runContext(otel, driver);
  const span = otelTracer(otel, TRACER).startSpan(
    `workflow.step ${item ? item.stepId : stepId}`,
    {
      kind: SpanKinds.internal,
      attributes: {
        'agenticflow.workflow.name': driver.definition.name,
        'agenticflow.run.id': driver.runId,
        'agenticflow.step.id': stepId,
        'agenticflow.step.attempt': attempt,
      },
    },
    parent,
  );
  if (item) span.setAttribute('agenticflow.step.item_index', item.index);
  return { span, context: otel.trace.setSpan(parent, span) };
}

/** The context of the run's `traceparent`, parsed once per run (and again if it changes). */
export function runContext(otel: OtelApi, driver: RunDriver): OtelContext {
  const traceparent = driver.state.traceparent;
  const cached = driver.traceParent;
  if (cached !== undefined && cached.traceparent === traceparent)
    return cached.context as OtelContext;
  const context = contextFromTraceparent(otel, traceparent);
  driver.traceParent = { traceparent, context };
  return context;
}
