import {
  type OtelSpan,
  otelApi,
  SPAN_STATUS_ERROR,
  setSpanError,
  traceparentOf,
} from '@agenticflow/core';
import type { AnyWorkflowDefinition } from '../definition/step-definition.js';
import type { RunDriver } from '../engine/run-driver.js';
import { startRunSpan } from '../engine/workflow-spans.js';
import { isTerminal } from '../state/run-state.js';

/**
 * The `workflow.run` spans of the runs a worker started, each ended when the worker sees its run
 * end (or closes). Empty, and never touched, while tracing is off.
 */
export class RunSpans {
  private readonly spans = new Map<string, OtelSpan>();

  /**
   * Runs `start` (which appends `run.started` with the given `traceparent`) under a new run span
   * when tracing is on; keeps the span if the run is new, else ends it at once.
   */
  async around(
    definition: AnyWorkflowDefinition,
    driver: RunDriver,
    parent: string | undefined,
    start: (traceparent: string | undefined) => Promise<void>,
  ): Promise<void> {
    const otel = otelApi();
    if (otel === undefined) return start(undefined);
    const span = startRunSpan(otel, definition, driver.runId, parent);
    const traceparent = traceparentOf(otel, otel.trace.setSpan(otel.ROOT_CONTEXT, span));
    try {
      await start(traceparent);
    } catch (error) {
      setSpanError(span, error);
      span.end();
      throw error;
    }
    // Not this run's span when the run already existed (started elsewhere, or earlier).
    if (driver.state.traceparent === traceparent && !isTerminal(driver.state))
      this.spans.set(driver.runId, span);
    else span.end();
  }

  /** The run ended: its span ends with the run's status (and error). */
  ended(driver: RunDriver): void {
    if (this.spans.size === 0) return;
    const span = this.spans.get(driver.runId);
    if (span === undefined) return;
    this.spans.delete(driver.runId);
    const { status, error } = driver.state;
    span.setAttribute('agenticflow.run.status', status);
    if (status === 'failed' && error) {
      span.setAttribute('error.type', error.code);
      span.setStatus({ code: SPAN_STATUS_ERROR, message: error.message });
    }
    span.end();
  }

  /** The worker closes: runs still going continue elsewhere, their spans end marked `running`. */
  endAll(): void {
    for (const span of this.spans.values()) {
      span.setAttribute('agenticflow.run.status', 'running');
      span.end();
    }
    this.spans.clear();
  }
}
