import type { AgenticEvent } from '@agenticflow/core';
import { eventJson } from '../output/describe-event.js';
import { UsageError } from '../usage-error.js';
import { type CommandContext, untilSignal } from './command-context.js';
import { withStore } from './with-store.js';

/** Options of `agenticflow events tail`. */
export interface TailFlags {
  readonly stream?: string;
  readonly type?: string;
  readonly follow?: boolean;
  readonly from?: string;
  readonly limit?: number;
}

function parsePosition(value: string | undefined): bigint | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9][0-9]*$/.test(value))
    throw new UsageError(`--from ${value}: expected a global position (an integer >= 1)`);
  return BigInt(value);
}

/**
 * `agenticflow events tail`: prints the store's events in global order, filtered by stream and
 * type prefix; with `--follow` it keeps printing new ones until SIGINT/SIGTERM.
 */
export async function eventsTailCommand(ctx: CommandContext, flags: TailFlags): Promise<number> {
  const { printer } = ctx;
  const fromPosition = parsePosition(flags.from);
  const matches = (event: AgenticEvent) =>
    (flags.stream === undefined || event.streamId === flags.stream) &&
    (flags.type === undefined || event.type.startsWith(flags.type));
  const show = (event: AgenticEvent) => {
    if (!matches(event)) return;
    printer.jsonLine(eventJson(event));
    printer.line(
      `${String(event.position).padStart(6)} ${event.time} ${event.streamId}@${event.version} ${event.type} ${JSON.stringify(event.data).slice(0, 160)}`,
    );
  };
  const filter = flags.stream ? { streamPrefix: flags.stream } : {};
  return withStore(ctx, async (store) => {
    if (!flags.follow) {
      const events: AgenticEvent[] = [];
      for await (const event of store.readAll({
        ...filter,
        ...(fromPosition ? { fromPosition } : {}),
      }))
        if (matches(event)) events.push(event);
      for (const event of flags.limit ? events.slice(-flags.limit) : events) show(event);
      return 0;
    }
    const signal = untilSignal();
    const subscription = store.subscribe({ from: fromPosition ?? 'start', filter, handler: show });
    const ended = await Promise.race([signal.received.then(() => undefined), subscription.ended]);
    signal.dispose();
    await subscription.close();
    if (ended?.reason === 'failed') throw ended.error;
    return 0;
  });
}
