import type { JsonValue } from '@agenticflow/core';
import type { AnyWorkflowDefinition } from '../definition/step-definition.js';
import type { Intent } from '../engine/intents.js';

/** Options of starting a run. */
export interface StartRunOptions {
  /** The run id; a new UUIDv7 when omitted. Starting an id that exists returns that run. */
  readonly runId?: string;
  /** Set for child runs. */
  readonly parent?: { readonly runId: string; readonly stepId: string };
  /** Set for forked runs. */
  readonly forkedFrom?: { readonly runId: string; readonly version: number };
  /**
   * W3C trace context written into the `run.started` metadata; steps on every worker continue it.
   * Set by the runtime from the run's span when tracing is on.
   */
  readonly traceparent?: string;
}

/** Appends `run.started` (and the run-timeout timer) unless the run already has events. */
export function startRunIntent(
  definition: AnyWorkflowDefinition,
  input: JsonValue,
  options: StartRunOptions,
): Intent {
  return (sink, now) => {
    if (sink.state.version > 0) return;
    const deadline = definition.timeoutMs === undefined ? undefined : now + definition.timeoutMs;
    sink.push(
      'run.started',
      {
        workflow: definition.name,
        workflowVersion: definition.version,
        input,
        ...(options.parent ? { parent: options.parent } : {}),
        ...(options.forkedFrom ? { forkedFrom: options.forkedFrom } : {}),
        ...(deadline === undefined ? {} : { deadline }),
      },
      options.traceparent === undefined ? undefined : { traceparent: options.traceparent },
    );
    if (options.traceparent !== undefined) sink.state.traceparent = options.traceparent;
    if (deadline !== undefined)
      sink.push('timer.scheduled', {
        timerId: 'run-timeout',
        dueAt: deadline,
        purpose: 'run-timeout',
      });
  };
}
