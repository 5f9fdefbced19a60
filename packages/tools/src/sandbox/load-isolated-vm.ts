import { ConfigurationError } from '@agenticflow/core';
import type IsolatedVm from 'isolated-vm';

/** The isolated-vm module, typed. */
export type IsolatedVmModule = typeof IsolatedVm;

let loaded: Promise<IsolatedVmModule> | undefined;

/**
 * Loads isolated-vm on first use, so the rest of the package works without it (it is an optional
 * peer dependency and a native addon). Throws `INVALID_CONFIGURATION` naming the package when it
 * is missing or failed to build.
 */
export function loadIsolatedVm(): Promise<IsolatedVmModule> {
  loaded ??= import('isolated-vm').then(
    (module) => ((module as { default?: IsolatedVmModule }).default ?? module) as IsolatedVmModule,
    (error: unknown) => {
      loaded = undefined;
      throw new ConfigurationError(
        `the sandbox needs the package "isolated-vm" (>=5.0.4 <7), which could not be loaded (${(error as Error).message}): install it with \`pnpm add isolated-vm\` (it compiles a native addon; see its README for build requirements)`,
        { cause: error, details: { package: 'isolated-vm' } },
      );
    },
  );
  return loaded;
}

/**
 * True when this process runs without Node's startup snapshot. isolated-vm's README requires
 * `--no-node-snapshot` on Node >= 20: V8's shared read-only heap crashes the process when isolates
 * built from different snapshots live side by side.
 */
export function nodeSnapshotDisabled(
  execArgv: readonly string[] = process.execArgv,
  nodeOptions: string | undefined = process.env.NODE_OPTIONS,
): boolean {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 20) return true;
  const flags = [...execArgv, ...(nodeOptions ?? '').split(/\s+/)];
  return flags.includes('--no-node-snapshot');
}

/** Throws `INVALID_CONFIGURATION` unless {@link nodeSnapshotDisabled}. */
export function assertNodeSnapshotDisabled(
  execArgv: readonly string[] = process.execArgv,
  nodeOptions: string | undefined = process.env.NODE_OPTIONS,
): void {
  if (nodeSnapshotDisabled(execArgv, nodeOptions)) return;
  throw new ConfigurationError(
    `isolated-vm needs Node started with --no-node-snapshot on Node ${process.versions.node} (Node >= 20 crashes otherwise): run \`node --no-node-snapshot …\`, set NODE_OPTIONS=--no-node-snapshot, or use createSandbox({ isolation: 'child-process' }), which starts its own process with the flag`,
    { details: { node: process.versions.node, flag: '--no-node-snapshot' } },
  );
}
