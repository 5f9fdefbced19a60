/** One figure of a workload: the JSON line `pnpm bench` prints on stdout. */
export interface FigureLine {
  /** Workload id, such as `C1`. */
  readonly workload: string;
  /** What was measured: an AgenticFlow configuration or its raw floor (`plain-js`). */
  readonly system: string;
  /** Metric name in snake case with its unit last, such as `append_events_per_s`. */
  readonly metric: string;
  readonly value: number;
  /** Unit for humans: `events/s`, `ms`, `x`. */
  readonly unit: string;
}

/**
 * Prints one figure as a JSON line on stdout. Only figures go to stdout, so the output can be piped
 * straight into a parser; everything else goes through {@link progress}.
 */
export function emit(line: FigureLine): void {
  if (!Number.isFinite(line.value)) {
    throw new RangeError(
      `${line.workload} ${line.system} ${line.metric} is ${line.value}: a figure must be a finite number`,
    );
  }
  const rounded: FigureLine = {
    workload: line.workload,
    system: line.system,
    metric: line.metric,
    value: round(line.value),
    unit: line.unit,
  };
  process.stdout.write(`${JSON.stringify(rounded)}\n`);
}

/** A human progress note, on stderr. */
export function progress(message: string): void {
  process.stderr.write(`${message}\n`);
}

// Enough digits to compare runs; more would only be noise.
function round(value: number): number {
  const digits = Math.abs(value) >= 100 ? 1 : 3;
  return Number(value.toFixed(digits));
}
