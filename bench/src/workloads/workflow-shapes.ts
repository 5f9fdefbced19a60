import { type AnyWorkflowDefinition, workflow } from '@agenticflow/workflows';

/** W1: `steps` sequential no-op steps. */
export function sequentialWorkflow(steps: number): AnyWorkflowDefinition {
  // biome-ignore lint/suspicious/noExplicitAny: the builder's accumulated output type is irrelevant here.
  let builder: any = workflow('bench-sequential');
  for (let index = 0; index < steps; index++) {
    builder = builder.step(`s${index}`, {
      dependsOn: index === 0 ? [] : [`s${index - 1}`],
      run: async () => null,
    });
  }
  return builder.build();
}

/** W2: a start step, `width` parallel no-op steps, and a join. */
export function fanOutWorkflow(width: number): AnyWorkflowDefinition {
  // biome-ignore lint/suspicious/noExplicitAny: the builder's accumulated output type is irrelevant here.
  let builder: any = workflow('bench-fan-out').step('start', { run: async () => null });
  const branches = Array.from({ length: width }, (_, index) => `p${index}`);
  for (const id of branches)
    builder = builder.step(id, { dependsOn: ['start'], run: async () => null });
  return builder.step('join', { dependsOn: branches, run: async () => null }).build();
}

/** W7: three sequential steps that pass a small value along. */
export function threeStepWorkflow(): AnyWorkflowDefinition {
  return workflow('bench-three-steps')
    .step('fetch', { run: async () => ({ items: 3 }) })
    .step('process', { dependsOn: ['fetch'], run: async (ctx) => ctx.deps.fetch.items * 2 })
    .step('store', { dependsOn: ['process'], run: async (ctx) => ({ stored: ctx.deps.process }) })
    .build();
}
