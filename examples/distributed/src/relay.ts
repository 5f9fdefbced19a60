import { setTimeout as delay } from 'node:timers/promises';
import { workflow } from '@agenticflow/workflows';
import { z } from 'zod';

/** Sleeps `ms`, or less when the step is aborted (shutdown, lease lost). */
const work = (ms: number, signal: AbortSignal) => delay(ms, undefined, { signal }).catch(() => {});

/**
 * Three dependent steps; `transform` takes `transformMs`. Every step returns the pid of the process
 * that ran it, so the demo can show how the work spread over the workers.
 */
export const relay = workflow('relay', {
  version: 1,
  input: z.object({ n: z.number().int(), transformMs: z.number().int().min(0).default(200) }),
})
  .step('fetch', {
    run: async (ctx) => {
      await work(50, ctx.signal);
      return { n: ctx.input.n, transformMs: ctx.input.transformMs, pid: process.pid };
    },
  })
  .step('transform', {
    dependsOn: ['fetch'],
    run: async (ctx) => {
      await work(ctx.deps.fetch.transformMs, ctx.signal);
      return { square: ctx.deps.fetch.n ** 2, pid: process.pid };
    },
  })
  .step('store', {
    dependsOn: ['transform'],
    run: async (ctx) => {
      await work(60, ctx.signal);
      return { stored: ctx.deps.transform.square, pid: process.pid };
    },
  })
  .build();
