import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const PROBE = fileURLToPath(new URL('../../../scripts/import-probe.mjs', import.meta.url));
const ENTRY = fileURLToPath(new URL('./index.ts', import.meta.url));
const MCP_CLIENT = '@modelcontextprotocol/sdk/client/index.js';

// Modules only some features need, each costing milliseconds to tens of milliseconds to load
// (benchmark W0): the features load them on first use, never the import.
const HEAVY_PACKAGES =
  /[/\\]node_modules[/\\](?:zod|@modelcontextprotocol[/\\]sdk|isolated-vm|@opentelemetry[/\\][^/\\]+)[/\\]/;
const HEAVY_BUILTINS = ['child_process', 'http', 'https', 'net', 'tls', 'dgram', 'dns/promises'];

function heavy(loaded: readonly string[]): string[] {
  return loaded.filter(
    (module) =>
      HEAVY_PACKAGES.test(module) ||
      HEAVY_BUILTINS.some((name) => module === `node:${name}` || module === `NativeModule ${name}`),
  );
}

describe('importing @agenticflow/tools', () => {
  it('loads neither zod, the MCP SDK, isolated-vm, OpenTelemetry nor the process and network built-ins', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', PROBE, ENTRY, MCP_CLIENT, 'node:child_process'],
      { timeout: 20_000 },
    );
    const { loaded, controlLoaded } = JSON.parse(stdout) as Record<string, string[]>;
    expect(loaded!.some((url) => url.endsWith('/src/index.ts'))).toBe(true);
    expect(heavy(loaded!)).toEqual([]);
    // The probe does see them once something imports them.
    const seen = heavy(controlLoaded!).join('\n');
    expect(seen).toMatch(/node_modules[/\\]@modelcontextprotocol[/\\]sdk[/\\]/);
    expect(seen).toMatch(/node_modules[/\\]zod[/\\]/);
    expect(seen).toContain('node:child_process');
  });
});
