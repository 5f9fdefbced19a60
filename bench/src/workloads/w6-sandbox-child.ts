// W6's measurements, run by w6-sandbox.ts in a child process started with --no-node-snapshot
// (isolated-vm needs it on Node >= 20). Prints one JSON line of medians per system on stdout.
import { createSandbox, defineSandboxedTool, ToolExecutor, ToolRegistry } from '@agenticflow/tools';
import ivm from 'isolated-vm';
import { z } from 'zod';
import { Budget } from '../harness/budget.js';
import { expectEqual, expectTrue } from '../harness/checks.js';
import { median, type Sample } from '../harness/measure.js';

/** The 1 KB JSON transform: the same source runs in both systems. */
const TRANSFORM = `
  const items = input.items.filter((item) => item.qty > 0);
  const byTag = {};
  for (const item of items) for (const tag of item.tags) byTag[tag] = (byTag[tag] ?? 0) + item.price * item.qty;
  return {
    count: items.length,
    total: Math.round(items.reduce((sum, item) => sum + item.price * item.qty, 0) * 100) / 100,
    skus: items.map((item) => item.sku.toUpperCase()),
    byTag,
  };`;

const INPUT = {
  items: Array.from({ length: 10 }, (_, index) => ({
    sku: `sku-${index}-${'x'.repeat(8)}`,
    price: 1.25 + index,
    qty: index % 4,
    tags: index % 2 === 0 ? ['even', 'bench'] : ['odd', 'bench'],
    note: 'transform me',
  })),
};

const itemSchema = z.object({
  sku: z.string(),
  price: z.number(),
  qty: z.number().int(),
  tags: z.array(z.string()),
  note: z.string(),
});
const outputSchema = z.object({
  count: z.number().int(),
  total: z.number(),
  skus: z.array(z.string()),
  byTag: z.record(z.string(), z.number()),
});

const EXPECTED = JSON.stringify(new Function('input', TRANSFORM)(INPUT));
const CALLS_PER_SAMPLE = 2_000;
const COLD_ROUNDS = 15;
const WARM_ROUNDS = 15;
const MIN_WARM_ROUNDS = 5;
const caller = { id: 'bench', grants: [] };

interface SandboxSystem {
  /** Creates the system and makes its first call. */
  start(): Promise<{ call(): Promise<unknown> | unknown; close(): Promise<void> | void }>;
}

const agenticflow: SandboxSystem = {
  async start() {
    const sandbox = createSandbox({ poolSize: 1 });
    const registry = new ToolRegistry();
    registry.register(
      defineSandboxedTool({
        name: 'orders.transform',
        description: 'summarises order items',
        input: z.object({ items: z.array(itemSchema) }),
        output: outputSchema,
        code: TRANSFORM,
        sandbox,
      }),
    );
    const executor = new ToolExecutor({ registry });
    const call = async () => (await executor.execute('orders.transform', INPUT, { caller })).output;
    check(await call());
    return { call, close: () => sandbox.close() };
  },
};

const raw: SandboxSystem = {
  async start() {
    const isolate = new ivm.Isolate({ memoryLimit: 64 });
    const context = await isolate.createContext();
    const fn = await context.eval(`(function (input) { ${TRANSFORM} })`, { reference: true });
    const call = () =>
      fn.applySync(undefined, [INPUT], {
        arguments: { copy: true },
        result: { copy: true },
      }) as unknown;
    check(call());
    return { call, close: () => isolate.dispose() };
  },
};

function check(output: unknown): void {
  expectEqual(JSON.stringify(output), EXPECTED, 'transform output');
}

async function coldStartMs(system: SandboxSystem): Promise<number> {
  const startedAt = performance.now();
  const started = await system.start();
  const ms = performance.now() - startedAt;
  await started.close();
  return ms;
}

async function warmCallUs(call: () => unknown): Promise<number> {
  let last: unknown;
  const startedAt = performance.now();
  for (let index = 0; index < CALLS_PER_SAMPLE; index++) last = await call();
  const us = ((performance.now() - startedAt) * 1000) / CALLS_PER_SAMPLE;
  check(last);
  return us;
}

const softMs = Number(process.argv[2] ?? 20_000);
const budget = new Budget(softMs, softMs * 2);
expectTrue(EXPECTED.length > 50, 'the transform returns a result');
const systems = [
  ['raw-isolated-vm', raw],
  ['agenticflow-sandbox', agenticflow],
] as const;

// Both systems are measured in alternation, round by round, so a busy patch of the machine hits
// both alike and the ratio holds.
const cold: number[][] = systems.map(() => []);
for (let round = 0; round < COLD_ROUNDS + 2; round++) {
  for (const [index, [, system]] of systems.entries()) {
    const ms = await coldStartMs(system);
    if (round >= 2) cold[index]!.push(ms);
  }
}
const started = await Promise.all(systems.map(([, system]) => system.start()));
const warm: number[][] = systems.map(() => []);
for (let round = 0; round < WARM_ROUNDS + 2; round++) {
  if (round >= MIN_WARM_ROUNDS + 2 && budget.remainingMs() < 0) break;
  for (const [index, system] of started.entries()) {
    const us = await warmCallUs(system.call);
    if (round >= 2) warm[index]!.push(us);
  }
}
await Promise.all(started.map((system) => system.close()));
process.stderr.write(
  `  ${cold[0]!.length} cold starts and ${warm[0]!.length} rounds of ${CALLS_PER_SAMPLE} warm calls per system, alternating\n`,
);
for (const [index, [name]] of systems.entries()) {
  const sample: Sample = {
    cold_start_ms: median(cold[index]!),
    warm_call_us: median(warm[index]!),
  };
  process.stdout.write(`${JSON.stringify({ system: name, ...sample })}\n`);
}
