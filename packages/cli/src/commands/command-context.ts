import { type ConfigOverrides, loadConfig } from '../config/load-config.js';
import type { ResolvedConfig } from '../config/resolved-config.js';
import { createPrinter, type Printer } from '../output/printer.js';

/** The global flags every command accepts. */
export interface GlobalFlags {
  readonly config?: string;
  readonly profile?: string;
  readonly store?: string;
  readonly bus?: string;
  readonly json?: boolean;
}

/** What a command needs from the command line: where it runs, its config and its printer. */
export interface CommandContext {
  readonly cwd: string;
  readonly flags: GlobalFlags;
  readonly printer: Printer;
  loadConfig(): Promise<ResolvedConfig>;
}

/** Builds the context of a command from the global flags. */
export function commandContext(flags: GlobalFlags, cwd = process.cwd()): CommandContext {
  const overrides: ConfigOverrides = {
    cwd,
    env: process.env,
    ...(flags.config ? { config: flags.config } : {}),
    ...(flags.profile ? { profile: flags.profile } : {}),
    ...(flags.store ? { store: flags.store } : {}),
    ...(flags.bus ? { bus: flags.bus } : {}),
  };
  return {
    cwd,
    flags,
    printer: createPrinter(flags.json === true),
    loadConfig: () => loadConfig(overrides),
  };
}

/** Resolves on the first SIGINT or SIGTERM (and removes its listeners then). */
export function untilSignal(): { readonly received: Promise<NodeJS.Signals>; dispose(): void } {
  let dispose = () => {};
  const received = new Promise<NodeJS.Signals>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      dispose();
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    dispose = () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    };
  });
  return { received, dispose: () => dispose() };
}
