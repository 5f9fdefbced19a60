import { ConfigurationError } from '@agenticflow/core';
import type { ResolvedSandboxOptions, SandboxOptions } from './sandbox-types.js';

/** Applies defaults and checks every limit; throws `INVALID_CONFIGURATION` naming the bad one. */
export function resolveSandboxOptions(options: SandboxOptions): ResolvedSandboxOptions {
  const resolved: ResolvedSandboxOptions = {
    memoryLimitMb: options.memoryLimitMb ?? 64,
    timeoutMs: options.timeoutMs ?? 1_000,
    maxOutputBytes: options.maxOutputBytes ?? 1_048_576,
    maxLogBytes: options.maxLogBytes ?? 65_536,
    poolSize:
      options.poolSize ??
      Math.max(1, Math.min(4, process.getBuiltinModule('node:os').availableParallelism())),
    maxQueue: options.maxQueue ?? 10_000,
    syncSliceMs: options.syncSliceMs ?? 5,
    maxRunsPerIsolate: options.maxRunsPerIsolate ?? 5_000,
    maxHostCalls: options.maxHostCalls ?? 100,
  };
  const minimums: Record<keyof ResolvedSandboxOptions, number> = {
    memoryLimitMb: 8,
    timeoutMs: 1,
    maxOutputBytes: 1,
    maxLogBytes: 0,
    poolSize: 1,
    maxQueue: 0,
    syncSliceMs: 0,
    maxRunsPerIsolate: 1,
    maxHostCalls: 0,
  };
  for (const key of Object.keys(minimums) as (keyof ResolvedSandboxOptions)[]) {
    const value = resolved[key];
    if (!Number.isInteger(value) || value < minimums[key]) {
      throw new ConfigurationError(
        `sandbox option ${key} is ${String(value)}: it must be an integer of at least ${minimums[key]}`,
        { details: { option: key, value } },
      );
    }
  }
  return resolved;
}
