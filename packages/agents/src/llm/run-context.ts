import type { EventMetadata } from '@agenticflow/core';
import type { ToolExecutor } from '@agenticflow/tools';
import type { RunJournal } from '../models/record-replay/run-journal.js';

/** What the steps of one run share. */
export interface RunContext {
  readonly runId: string;
  readonly agent: string;
  readonly journal: RunJournal;
  readonly executor: ToolExecutor;
  readonly grants: readonly string[];
  /** Aborted by the caller's signal or when the time budget runs out. */
  readonly signal: AbortSignal;
  readonly maxToolResultBytes: number;
  readonly metadata: EventMetadata | undefined;
  /** Tools (by full name) whose last call had invalid arguments: their one repair is used. */
  readonly invalidTools: Set<string>;
}
