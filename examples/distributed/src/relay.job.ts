import { defineJob } from '@agenticflow/cli';
import { relay } from './relay.js';

/** `agenticflow worker --job src/relay.job.ts` runs relay steps; `agenticflow run src/relay.job.ts 7` starts one. */
export default defineJob({
  name: 'relay',
  workflows: [relay],
  start: (ctx) => ctx.engine.start(relay, { n: Number(ctx.args[0] ?? 1) }, { runId: ctx.runId }),
});
