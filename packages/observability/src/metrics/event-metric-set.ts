import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { registerMetrics } from './metric-registration.js';

/** Buckets of step durations, in seconds: steps run from milliseconds to an hour. */
const STEP_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];
/** Buckets of tool call durations, in seconds. */
const TOOL_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

/** The prom-client metrics maintained from the event log. */
export interface EventMetricSet {
  readonly runsStarted: Counter<'workflow'>;
  readonly runsFinished: Counter<'workflow' | 'status'>;
  readonly stepDuration: Histogram<'workflow' | 'outcome'>;
  readonly toolCalls: Counter<'tool' | 'outcome' | 'phase'>;
  readonly toolCallDuration: Histogram<'tool' | 'outcome'>;
  readonly approvalsPending: Gauge<'tool'>;
  readonly modelTokens: Counter<'model' | 'direction'>;
  readonly eventsAppended: Counter<'family'>;
  readonly labelValuesCapped: Counter<'label'>;
  readonly position: Gauge;
}

/** Registers the event-log metrics on `registry`, each name starting with `prefix`. */
export function createEventMetricSet(registry: Registry, prefix: string): EventMetricSet {
  const registers = [registry];
  return registerMetrics('event', prefix, () => ({
    runsStarted: new Counter({
      name: `${prefix}runs_started_total`,
      help: 'Workflow runs started (run.started events), by workflow name.',
      labelNames: ['workflow'] as const,
      registers,
    }),
    runsFinished: new Counter({
      name: `${prefix}runs_finished_total`,
      help: 'Workflow runs that ended, by workflow name and final status (completed, failed, cancelled).',
      labelNames: ['workflow', 'status'] as const,
      registers,
    }),
    stepDuration: new Histogram({
      name: `${prefix}step_duration_seconds`,
      help: 'Time from step.started to step.completed or step.failed of one attempt, by workflow and outcome.',
      labelNames: ['workflow', 'outcome'] as const,
      buckets: STEP_BUCKETS,
      registers,
    }),
    toolCalls: new Counter({
      name: `${prefix}tool_calls_total`,
      help: 'Tool calls that ended, by tool name, outcome (succeeded, failed) and the phase a failure happened in (none on success).',
      labelNames: ['tool', 'outcome', 'phase'] as const,
      registers,
    }),
    toolCallDuration: new Histogram({
      name: `${prefix}tool_call_duration_seconds`,
      help: 'Duration of tool calls as recorded by the tool executor, by tool name and outcome.',
      labelNames: ['tool', 'outcome'] as const,
      buckets: TOOL_BUCKETS,
      registers,
    }),
    approvalsPending: new Gauge({
      name: `${prefix}tool_approvals_pending`,
      help: 'Tool calls waiting for a person to approve or reject them, by tool name.',
      labelNames: ['tool'] as const,
      registers,
    }),
    modelTokens: new Counter({
      name: `${prefix}model_tokens_total`,
      help: 'Tokens of model calls recorded in model.responded events, by model (provider:name) and direction (input, output).',
      labelNames: ['model', 'direction'] as const,
      registers,
    }),
    eventsAppended: new Counter({
      name: `${prefix}store_events_appended_total`,
      help: 'Events appended to the event store, by family (the first dotted segment of the event type).',
      labelNames: ['family'] as const,
      registers,
    }),
    labelValuesCapped: new Counter({
      name: `${prefix}metric_label_values_capped_total`,
      help: 'Label values reported as "other" because their label reached its cap of distinct values, by label name.',
      labelNames: ['label'] as const,
      registers,
    }),
    position: new Gauge({
      name: `${prefix}event_metrics_position`,
      help: 'Global position of the last event the metrics have seen; compare with the store head for lag.',
      registers,
    }),
  }));
}
