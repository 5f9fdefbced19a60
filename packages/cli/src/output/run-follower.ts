import type { AgenticEvent, EventStore, StoreSubscription } from '@agenticflow/core';
import { belongsToRun, describeEvent, eventJson, tokensOf } from './describe-event.js';
import type { Printer } from './printer.js';

/** Counts shown when a run ends. */
export interface RunTally {
  stepsCompleted: number;
  toolCalls: number;
  modelCalls: number;
  tokens: number;
}

/**
 * Prints a run's events live, from a store subscription: a line each (with the time since start)
 * or, with `--json`, the events themselves, one JSON line each. Subscribe before starting the run.
 */
export class RunFollower {
  readonly tally: RunTally = { stepsCompleted: 0, toolCalls: 0, modelCalls: 0, tokens: 0 };
  private readonly subscription: StoreSubscription;
  private readonly started = performance.now();
  private readonly seen = new Set<string>();

  constructor(
    store: EventStore,
    private readonly runId: () => string | undefined,
    private readonly printer: Printer,
  ) {
    this.subscription = store.subscribe({ from: 'end', handler: (event) => this.handle(event) });
  }

  private handle(event: AgenticEvent): void {
    const runId = this.runId();
    if (runId === undefined || !belongsToRun(event, runId) || this.seen.has(event.id)) return;
    this.seen.add(event.id);
    if (event.type === 'step.completed') this.tally.stepsCompleted++;
    if (event.type === 'tool.called') this.tally.toolCalls++;
    if (event.type === 'model.responded') this.tally.modelCalls++;
    this.tally.tokens += tokensOf(event);
    if (this.printer.json) {
      this.printer.jsonLine(eventJson(event));
      return;
    }
    const line = describeEvent(event, runId);
    if (line === undefined) return;
    const seconds = ((performance.now() - this.started) / 1_000).toFixed(2).padStart(7);
    this.printer.line(`${this.printer.dim(`[${seconds}s]`)} ${line}`);
  }

  /** Stops following (after the events committed so far are printed). */
  async close(): Promise<void> {
    await this.subscription.close();
  }
}
