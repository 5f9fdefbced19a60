import { InProcessSandbox } from './in-process-sandbox.js';
import { resolveSandboxOptions } from './resolve-sandbox-options.js';
import type { Sandbox, SandboxOptions } from './sandbox-types.js';
import { SupervisedSandbox } from './supervised/supervised-sandbox.js';

/**
 * Creates a sandbox for untrusted JavaScript on isolated-vm (an optional peer dependency, loaded
 * on first run). In-process isolation needs Node started with `--no-node-snapshot` and throws
 * `INVALID_CONFIGURATION` otherwise; child-process isolation starts its own process with it.
 *
 * @example
 * ```ts
 * const sandbox = createSandbox({ memoryLimitMb: 32, timeoutMs: 500 });
 * const { value, logs } = await sandbox.run('return input.items.map((item) => item.price * 2)', {
 *   input: { items: [{ price: 1 }, { price: 2 }] },
 * });
 * await sandbox.close();
 * ```
 */
export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const resolved = resolveSandboxOptions(options);
  if (options.isolation === 'child-process') return new SupervisedSandbox(resolved, options);
  return new InProcessSandbox(resolved, options.allowNodeSnapshot ?? false);
}
