import { describeStore, migrateStore } from '../backends/open-store.js';
import type { CommandContext } from './command-context.js';

/** `agenticflow migrate`: applies the configured store's pending migrations. */
export async function migrateCommand(ctx: CommandContext): Promise<number> {
  const config = await ctx.loadConfig();
  const applied = await migrateStore(config.store);
  ctx.printer.jsonLine({ kind: 'migrate', store: describeStore(config.store), applied });
  ctx.printer.line(
    applied.length
      ? `applied ${applied.length} migration(s) to ${describeStore(config.store)}: ${applied.join(', ')}`
      : `${describeStore(config.store)} is up to date`,
  );
  return 0;
}
