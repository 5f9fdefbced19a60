import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const PROBE = fileURLToPath(new URL('../../../../scripts/import-probe.mjs', import.meta.url));
const AI = /[/\\]node_modules[/\\]ai[/\\]/;
const PROVIDERS = /[/\\]node_modules[/\\]@ai-sdk[/\\]/;
const ZOD = /[/\\]node_modules[/\\]zod[/\\]/;
const OPENTELEMETRY = /[/\\]node_modules[/\\]@opentelemetry[/\\]/;

async function probe(entry: string, ...controls: string[]): Promise<Record<string, string[]>> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', PROBE, fileURLToPath(new URL(entry, import.meta.url)), ...controls],
    { timeout: 20_000 },
  );
  return JSON.parse(stdout) as Record<string, string[]>;
}

describe('importing the AI SDK adapter', () => {
  // `ai` pulls in zod and @opentelemetry/api: it is loaded by the first model call, never by
  // the import. src/index.ts is probed too, for when the adapter is part of the package barrel.
  it.each(['../../src/models/ai-sdk/index.ts', '../../src/index.ts'])(
    '%s loads neither ai, a provider, zod nor OpenTelemetry',
    async (entry) => {
      const { loaded, controlLoaded } = await probe(entry, 'ai', '@ai-sdk/openai');
      expect(loaded!.length).toBeGreaterThan(0);
      for (const pattern of [AI, PROVIDERS, ZOD, OPENTELEMETRY]) {
        expect(loaded!.filter((url) => pattern.test(url)).slice(0, 3)).toEqual([]);
      }
      // The probe does see the packages once something imports them.
      expect(controlLoaded!.some((url) => AI.test(url))).toBe(true);
      expect(controlLoaded!.some((url) => PROVIDERS.test(url))).toBe(true);
    },
  );
});
