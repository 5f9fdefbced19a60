import type { AgenticEvent, EventStore } from '@agenticflow/core';
import { BoundedMap } from '../internal/bounded-map.js';
import type { EventMetricSet } from './event-metric-set.js';
import { familyOf, type LabelValueCap, UNKNOWN_LABEL_VALUE } from './label-values.js';

/** Runs, step attempts and pending approvals remembered at once; the oldest are dropped beyond. */
const MAX_TRACKED = 100_000;
const RUN_FINAL_STATUS: Readonly<Record<string, string>> = {
  'run.completed': 'completed',
  'run.failed': 'failed',
  'run.cancelled': 'cancelled',
};
const TOOL_PHASES = new Set([
  'lookup',
  'validation',
  'authorization',
  'approval',
  'execution',
  'output',
]);

type Data = Record<string, unknown>;

/**
 * Turns events into metric updates. It remembers only what durations and gauges need (the
 * workflow of each live run, the start of each running step, the pending approvals), bounded.
 */
export class EventMetricsRecorder {
  private readonly workflows = new BoundedMap<string, string>(MAX_TRACKED);
  private readonly stepStarts = new BoundedMap<string, number>(MAX_TRACKED);
  private readonly pending: BoundedMap<string, string>;

  constructor(
    private readonly metrics: EventMetricSet,
    private readonly labels: LabelValueCap,
    private readonly store: EventStore,
  ) {
    this.pending = new BoundedMap(MAX_TRACKED, (_key, tool) =>
      metrics.approvalsPending.dec({ tool }),
    );
  }

  async record(event: AgenticEvent): Promise<void> {
    const data: Data =
      typeof event.data === 'object' && event.data !== null ? (event.data as Data) : {};
    this.metrics.eventsAppended.inc({ family: this.labels.value('family', familyOf(event.type)) });
    this.metrics.position.set(Number(event.position));
    const type = event.type;
    if (type === 'run.started') {
      const workflow = this.labels.value('workflow', data.workflow);
      this.workflows.set(event.streamId, workflow);
      this.metrics.runsStarted.inc({ workflow });
    } else if (type in RUN_FINAL_STATUS) {
      const workflow = await this.workflowOf(event.streamId);
      this.workflows.delete(event.streamId);
      this.metrics.runsFinished.inc({ workflow, status: RUN_FINAL_STATUS[type]! });
    } else if (type.startsWith('step.')) {
      await this.recordStep(event, data);
    } else if (type.startsWith('tool.')) {
      this.recordTool(event, data);
    } else if (type === 'model.responded') {
      this.recordModelTokens(data);
    }
  }

  /** Token usage of one answered model call (`model.responded` of @agenticflow/agents). */
  private recordModelTokens(data: Data): void {
    const response = data.response as
      | { modelId?: unknown; usage?: { inputTokens?: unknown; outputTokens?: unknown } }
      | undefined;
    if (typeof response !== 'object' || response === null) return;
    const model = this.labels.value('model', modelLabel(response.modelId));
    for (const [direction, tokens] of [
      ['input', response.usage?.inputTokens],
      ['output', response.usage?.outputTokens],
    ] as const) {
      if (typeof tokens === 'number' && Number.isFinite(tokens) && tokens > 0)
        this.metrics.modelTokens.inc({ model, direction }, tokens);
    }
  }

  private async recordStep(event: AgenticEvent, data: Data): Promise<void> {
    const key = `${event.streamId}\u0000${String(data.stepId)}\u0000${String(data.attempt)}`;
    if (event.type === 'step.started') {
      this.stepStarts.set(key, Date.parse(event.time));
      return;
    }
    if (event.type === 'step.interrupted') {
      this.stepStarts.delete(key);
      return;
    }
    if (event.type !== 'step.completed' && event.type !== 'step.failed') return;
    const started = this.stepStarts.get(key);
    this.stepStarts.delete(key);
    let seconds: number | undefined;
    if (started !== undefined) seconds = (Date.parse(event.time) - started) / 1000;
    // Subscribed after the step started: a completion still carries the executor's measure.
    else if (typeof data.durationMs === 'number') seconds = data.durationMs / 1000;
    if (seconds === undefined || !Number.isFinite(seconds)) return;
    const outcome = event.type === 'step.completed' ? 'completed' : 'failed';
    const workflow = await this.workflowOf(event.streamId);
    this.metrics.stepDuration.observe({ workflow, outcome }, Math.max(0, seconds));
  }

  private recordTool(event: AgenticEvent, data: Data): void {
    const type = event.type;
    if (type === 'tool.succeeded' || type === 'tool.failed') {
      const tool = this.labels.value('tool', data.tool);
      const outcome = type === 'tool.succeeded' ? 'succeeded' : 'failed';
      const phase =
        outcome === 'succeeded'
          ? 'none'
          : typeof data.phase === 'string' && TOOL_PHASES.has(data.phase)
            ? data.phase
            : UNKNOWN_LABEL_VALUE;
      this.metrics.toolCalls.inc({ tool, outcome, phase });
      if (typeof data.durationMs === 'number' && Number.isFinite(data.durationMs)) {
        this.metrics.toolCallDuration.observe(
          { tool, outcome },
          Math.max(0, data.durationMs) / 1000,
        );
      }
      return;
    }
    const key = `${event.streamId}\u0000${String(data.tool)}\u0000${String(data.argsHash)}`;
    if (type === 'tool.approval_requested') {
      if (this.pending.has(key)) return;
      const tool = this.labels.value('tool', data.tool);
      this.pending.set(key, tool);
      this.metrics.approvalsPending.inc({ tool });
    } else if (type === 'tool.approved' || type === 'tool.rejected') {
      const tool = this.pending.get(key);
      if (tool === undefined) return;
      this.pending.delete(key);
      this.metrics.approvalsPending.dec({ tool });
    }
  }

  /**
   * The workflow of a run stream: remembered from its `run.started`, or read from the stream's
   * first event when the subscription began after the run did.
   */
  private async workflowOf(streamId: string): Promise<string> {
    const known = this.workflows.get(streamId);
    if (known !== undefined) return known;
    let workflow = UNKNOWN_LABEL_VALUE;
    try {
      for await (const first of this.store.readStream(streamId, { limit: 1 })) {
        if (first.type === 'run.started') {
          workflow = this.labels.value('workflow', (first.data as Data | null)?.workflow);
        }
      }
    } catch {
      // A metric is not worth failing the subscription for: the run is counted as 'unknown'.
    }
    this.workflows.set(streamId, workflow);
    return workflow;
  }
}

/**
 * `provider:model` of a model id, without the server URL an `openai-compatible:<url>#<model>` id
 * carries (a URL is no label value).
 */
function modelLabel(modelId: unknown): string | undefined {
  if (typeof modelId !== 'string') return undefined;
  const hash = modelId.lastIndexOf('#');
  if (hash < 0) return modelId;
  const colon = modelId.indexOf(':');
  return `${colon > 0 ? modelId.slice(0, colon) : 'unknown'}:${modelId.slice(hash + 1)}`;
}
