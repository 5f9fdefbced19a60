import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const PROBE = fileURLToPath(new URL('../../../scripts/import-probe.mjs', import.meta.url));
const ENTRY = fileURLToPath(new URL('../src/index.ts', import.meta.url));
const ZOD = /[/\\]node_modules[/\\]zod[/\\]/;
const OPENTELEMETRY = /[/\\]node_modules[/\\]@opentelemetry[/\\]/;

describe('importing @agenticflow/agents', () => {
  // zod costs tens of milliseconds to import (benchmark W0): it is loaded only by the features
  // that need zod itself, never by the import.
  // @opentelemetry/api (~15 ms) is loaded only once an SDK has registered it.
  it('loads neither zod nor OpenTelemetry', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', PROBE, ENTRY, 'zod'],
      { timeout: 20_000 },
    );
    const { loaded, controlLoaded } = JSON.parse(stdout) as Record<string, string[]>;
    expect(loaded!.some((url) => url.endsWith('/src/index.ts'))).toBe(true);
    expect(loaded!.filter((url) => ZOD.test(url)).slice(0, 3)).toEqual([]);
    expect(loaded!.filter((url) => OPENTELEMETRY.test(url)).slice(0, 3)).toEqual([]);
    // The probe does see zod once something imports it.
    expect(controlLoaded!.some((url) => ZOD.test(url))).toBe(true);
  });
});
