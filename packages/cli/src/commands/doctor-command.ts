import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describeBus, openBus } from '../backends/open-bus.js';
import { describeStore, openStore } from '../backends/open-store.js';
import type { ResolvedConfig } from '../config/resolved-config.js';
import type { CommandContext } from './command-context.js';

/** The oldest Node.js AgenticFlow supports. */
const MIN_NODE: readonly [number, number] = [20, 19];

interface Check {
  readonly name: string;
  /** `true` passed, `false` failed, `'skip'` not applicable. */
  readonly ok: boolean | 'skip';
  readonly detail: string;
}

async function attempt(name: string, run: () => Promise<string>): Promise<Check> {
  try {
    return { name, ok: true, detail: await run() };
  } catch (error) {
    return { name, ok: false, detail: (error as Error).message };
  }
}

function nodeCheck(): Check {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const ok = major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
  return {
    name: 'node',
    ok,
    detail: ok
      ? `v${process.versions.node}`
      : `v${process.versions.node} is older than ${MIN_NODE.join('.')}: upgrade Node.js`,
  };
}

/** Loads a native addon in a child process (isolated-vm needs `--no-node-snapshot` on Node 20+). */
function loadAddon(path: string, script: string): void {
  execFileSync(
    process.execPath,
    ['--no-node-snapshot', '-e', `const m = require(${JSON.stringify(path)}); ${script}`],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 20_000,
    },
  );
}

function resolveModule(name: string): string | undefined {
  try {
    return import.meta.resolve(name);
  } catch {
    return undefined;
  }
}

function resolveFrom(bases: readonly string[], name: string): string | undefined {
  for (const base of bases) {
    try {
      return createRequire(base).resolve(name);
    } catch {}
  }
  return undefined;
}

async function addonChecks(config: ResolvedConfig): Promise<Check[]> {
  const here = import.meta.url;
  // The addons are dependencies of the packages that load them, so look where those packages live.
  const owners = ['@agenticflow/storage-sqlite', '@agenticflow/tools']
    .map(resolveModule)
    .filter((url) => url !== undefined);
  const bases = [join(config.projectDir, 'package.json'), here, ...owners];
  const sqlite = resolveFrom(bases, 'better-sqlite3');
  const checks: Check[] = [
    await attempt('better-sqlite3', async () => {
      if (!sqlite)
        throw new Error('not installed: run pnpm install (or npm install) in the project');
      loadAddon(sqlite, "new m(':memory:').prepare('select 1').get();");
      return `loads (${sqlite})`;
    }),
  ];
  const ivm = resolveFrom(bases, 'isolated-vm');
  if (!ivm)
    checks.push({
      name: 'isolated-vm',
      ok: 'skip',
      detail: 'not installed (only sandboxed tools need it)',
    });
  else
    checks.push(
      await attempt('isolated-vm', async () => {
        loadAddon(
          ivm,
          "const i = new m.Isolate({ memoryLimit: 8 }); if (i.compileScriptSync('1+1').runSync(i.createContextSync()) !== 2) process.exit(3);",
        );
        return `loads and runs a script (${ivm})`;
      }),
    );
  return checks;
}

/** `agenticflow doctor`: checks the config, the store, the bus, Node.js and native addons. */
export async function doctorCommand(ctx: CommandContext): Promise<number> {
  const { printer } = ctx;
  const checks: Check[] = [nodeCheck()];
  let config: ResolvedConfig | undefined;
  checks.push(
    await attempt('config', async () => {
      config = await ctx.loadConfig();
      return `${config.configFile ?? 'no config file, defaults'} (profile ${config.profile})`;
    }),
  );
  if (config) {
    const resolved = config;
    checks.push(
      await attempt('store', async () => {
        const store = await openStore(resolved.store, {
          connectAttempts: 1,
          connectTimeoutMs: 3_000,
        });
        try {
          for await (const _ of store.readAll({ limit: 1 })) break;
        } finally {
          await store.close();
        }
        return `${describeStore(resolved.store)} reachable`;
      }),
      await attempt('bus', async () => {
        const bus = await openBus(resolved.bus, { connectAttempts: 1 });
        await bus?.close();
        return bus
          ? `${describeBus(resolved.bus)} reachable`
          : 'inprocess (steps run in the process driving the run)';
      }),
      ...(await addonChecks(resolved)),
    );
  }
  for (const check of checks) {
    printer.jsonLine({ kind: 'check', ...check });
    const mark = check.ok === 'skip' ? '-' : check.ok ? printer.ok('✓') : printer.bad('✗');
    printer.line(`${mark} ${check.name}: ${check.detail}`);
  }
  return checks.some((check) => check.ok === false) ? 1 : 0;
}
