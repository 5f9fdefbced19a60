import type { EventStore } from '@agenticflow/core';
import { openStore } from '../backends/open-store.js';
import type { CommandContext } from './command-context.js';

/** Opens the configured store for the length of `use`. */
export async function withStore<T>(
  ctx: CommandContext,
  use: (store: EventStore) => Promise<T>,
): Promise<T> {
  const config = await ctx.loadConfig();
  const store = await openStore(config.store, { secrets: config.secrets });
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}
