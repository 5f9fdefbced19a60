import { createNatsEventBus } from '@agenticflow/bus-nats';
import { createRedisEventBus } from '@agenticflow/bus-redis';
import type { EventBus } from '@agenticflow/core';
import { type BusSetting, redactUrl } from '../config/resolved-config.js';

/** A one-line description of a bus setting, with secrets hidden. */
export function describeBus(bus: BusSetting): string {
  if (bus.kind === 'inprocess') return 'inprocess';
  return `${redactUrl(bus.url)}${bus.prefix ? ` (prefix ${bus.prefix})` : ''}`;
}

/**
 * Opens the configured bus, or returns `undefined` for the in-process setting: steps then run in
 * the process that drives the run, and other processes on the same store pick runs up by watching it.
 */
export async function openBus(
  bus: BusSetting,
  options: { readonly connectAttempts?: number } = {},
): Promise<EventBus | undefined> {
  const connectAttempts = options.connectAttempts ?? 5;
  if (bus.kind === 'nats')
    return createNatsEventBus({
      servers: bus.url,
      connectAttempts,
      ...(bus.prefix ? { streamPrefix: bus.prefix } : {}),
    });
  if (bus.kind === 'redis')
    return createRedisEventBus({
      url: bus.url,
      connectAttempts,
      ...(bus.prefix ? { keyPrefix: bus.prefix } : {}),
    });
  return undefined;
}
