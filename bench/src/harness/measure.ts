import type { Budget } from './budget.js';
import { progress } from './emit.js';

/** The figures of one run, by metric name. */
export type Sample = Readonly<Record<string, number>>;

/** Options of {@link measure}. */
export interface MeasureOptions {
  /** Name shown in progress notes. */
  readonly label: string;
  /** Runs done first and thrown away, so the JIT and caches are warm. @defaultValue 1 */
  readonly warmups?: number;
  /** Measured runs wanted. @defaultValue 5 */
  readonly repeats?: number;
  /** Measured runs made even when the budget is spent. @defaultValue 3 */
  readonly minRepeats?: number;
  /** Stops adding repeats when the next one would likely overrun it. */
  readonly budget: Budget;
  /**
   * Share of the budget's remaining time this measurement may use, so the systems after it still
   * get theirs. @defaultValue 1
   */
  readonly share?: number;
  /** Milliseconds of the budget to keep for work after this measurement. @defaultValue 0 */
  readonly reserveMs?: number;
}

/**
 * Runs `run` for warm-up, then repeatedly, and returns the median of each metric. `run` must check
 * its own result (throwing a `ResultCheckError`) and return only the timed figures.
 */
export async function measure(
  options: MeasureOptions,
  run: () => Promise<Sample>,
): Promise<Sample> {
  const warmups = options.warmups ?? 1;
  const repeats = options.repeats ?? 5;
  const minRepeats = Math.min(options.minRepeats ?? 3, repeats);
  const allowedMs =
    (options.budget.remainingMs() - (options.reserveMs ?? 0)) * (options.share ?? 1);
  const startedAt = performance.now();
  for (let index = 0; index < warmups; index++) await run();
  const samples: Sample[] = [];
  let slowestMs = 0;
  while (samples.length < repeats) {
    const spentMs = performance.now() - startedAt;
    if (samples.length >= minRepeats && spentMs + slowestMs > allowedMs) break;
    const runStartedAt = performance.now();
    samples.push(await run());
    slowestMs = Math.max(slowestMs, performance.now() - runStartedAt);
  }
  const medians = medianOfSamples(samples);
  progress(
    `  ${options.label}: ${samples.length} runs after ${warmups} warm-up, ${Math.round(performance.now() - startedAt)} ms`,
  );
  return medians;
}

/** The median of each metric across samples that all have the same metrics. */
export function medianOfSamples(samples: readonly Sample[]): Sample {
  const first = samples[0];
  if (!first) throw new RangeError('medianOfSamples needs at least one sample');
  const result: Record<string, number> = {};
  for (const metric of Object.keys(first)) {
    result[metric] = median(samples.map((sample) => sample[metric] ?? Number.NaN));
  }
  return result;
}

/** The median of `values`: the mean of the two middle values for an even count. */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** The `p`th percentile of `values` (0-100), interpolating between the nearest ranks. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError('percentile of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = ((sorted.length - 1) * p) / 100;
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

/** Throughput of `count` items done in `ms` milliseconds, per second. */
export function perSecond(count: number, ms: number): number {
  return (count * 1000) / ms;
}
