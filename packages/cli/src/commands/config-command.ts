import { redactedConfig } from '../config/resolved-config.js';
import type { CommandContext } from './command-context.js';

/** `agenticflow config show`: the effective configuration with secrets redacted. */
export async function configShowCommand(ctx: CommandContext): Promise<number> {
  const shown = redactedConfig(await ctx.loadConfig());
  ctx.printer.jsonLine(shown);
  if (!ctx.printer.json) {
    const sources = shown.sources as Record<string, string>;
    for (const [key, value] of Object.entries(shown)) {
      if (key === 'sources') continue;
      const from = sources[key] ? `  (${sources[key]})` : '';
      ctx.printer.line(
        `${key}: ${typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)}${from}`,
      );
    }
  }
  return 0;
}

/** `agenticflow config validate`: loads and checks the configuration (exit 2 when invalid). */
export async function configValidateCommand(ctx: CommandContext): Promise<number> {
  const config = await ctx.loadConfig();
  const where = config.configFile ?? 'no config file (defaults and environment)';
  ctx.printer.jsonLine({
    kind: 'config',
    valid: true,
    configFile: config.configFile ?? null,
    profile: config.profile,
  });
  ctx.printer.line(`${ctx.printer.ok('✓')} ${where} is valid (profile ${config.profile})`);
  return 0;
}
