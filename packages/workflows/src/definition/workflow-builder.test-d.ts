import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import type { RunHandle, WorkflowEngine } from '../api/create-workflow-engine.js';
import type {
  WorkflowDefinition,
  WorkflowInput,
  WorkflowOutput,
  WorkflowStartInput,
} from './step-definition.js';
import { workflow } from './workflow-builder.js';

const input = z.object({ repo: z.string(), limit: z.number().default(10) });

describe('workflow builder types', () => {
  it('gives a step without dependencies the run input (the schema output) as ctx.input', () => {
    workflow('types', { input }).step('list', {
      run: (ctx) => {
        expectTypeOf(ctx.input).toEqualTypeOf<{ repo: string; limit: number }>();
        expectTypeOf(ctx.runInput).toEqualTypeOf<{ repo: string; limit: number }>();
        // biome-ignore lint/complexity/noBannedTypes: a step without dependencies has no deps.
        expectTypeOf(ctx.deps).toEqualTypeOf<{}>();
        return [ctx.input.repo];
      },
    });
  });

  it('gives a step its dependencies outputs as ctx.deps and, by default, as ctx.input', () => {
    workflow('types', { input })
      .step('list', { run: () => ['a.ts', 'b.ts'] })
      .step('count', { run: async () => 2 })
      .step('other', { run: () => 'unused' })
      .step('report', {
        dependsOn: ['list', 'count'],
        run: (ctx) => {
          expectTypeOf(ctx.deps).toEqualTypeOf<
            Pick<{ readonly list: string[] } & { readonly count: number }, 'list' | 'count'>
          >();
          expectTypeOf(ctx.deps.list).toEqualTypeOf<string[]>();
          expectTypeOf(ctx.deps.count).toEqualTypeOf<number>();
          expectTypeOf(ctx.input.count).toEqualTypeOf<number>();
          // @ts-expect-error `other` is not a dependency of this step
          ctx.deps.other;
          return null;
        },
      });
  });

  it('gives a step the result of its input mapper as ctx.input', () => {
    workflow('types', { input })
      .step('list', { run: () => ['a.ts'] })
      .step('first', {
        dependsOn: ['list'],
        input: ({ deps, input: runInput }) => ({ file: deps.list[0] ?? '', repo: runInput.repo }),
        run: (ctx) => {
          expectTypeOf(ctx.input).toEqualTypeOf<{ file: string; repo: string }>();
          return ctx.input.file.length;
        },
      });
  });

  it('types `when` and the input mapper from the run input and the dependencies', () => {
    workflow('types', { input })
      .step('score', { run: () => 0.5 })
      .step('publish', {
        dependsOn: ['score'],
        when: ({ deps, input: runInput }) => {
          expectTypeOf(deps.score).toEqualTypeOf<number>();
          expectTypeOf(runInput.limit).toEqualTypeOf<number>();
          return deps.score > 0.3;
        },
        run: () => true,
      });
  });

  it('gives map items their item as ctx.item and collects the outputs as an array', () => {
    const definition = workflow('types', { input })
      .step('list', { run: () => [{ path: 'a.ts', size: 3 }] })
      .map('measure', {
        dependsOn: ['list'],
        over: ({ deps }) => deps.list,
        run: (ctx) => {
          expectTypeOf(ctx.item).toEqualTypeOf<{ path: string; size: number }>();
          expectTypeOf(ctx.index).toEqualTypeOf<number>();
          return ctx.item.size;
        },
      })
      .step('total', {
        dependsOn: ['measure'],
        run: (ctx) => {
          expectTypeOf(ctx.deps.measure).toEqualTypeOf<number[]>();
          return ctx.deps.measure.length;
        },
      })
      .build();
    expectTypeOf<WorkflowOutput<typeof definition>>().toEqualTypeOf<
      Partial<
        { readonly list: { path: string; size: number }[] } & { readonly measure: number[] } & {
          readonly total: number;
        }
      >
    >();
  });

  it('types a waitFor step output as its payload schema, and sleep and child outputs', () => {
    const child = workflow('child', { input: z.object({ n: z.number() }) })
      .step('double', { run: (ctx) => ctx.input.n * 2 })
      .build({ output: (outputs) => outputs.double ?? 0 });
    workflow('types', { input })
      .waitFor('approve', { payload: z.object({ approved: z.boolean(), by: z.string() }) })
      .sleep('cool-off', { dependsOn: ['approve'], durationMs: 1_000 })
      .child('sub', { dependsOn: ['approve'], workflow: child, input: () => ({ n: 2 }) })
      .step('after', {
        dependsOn: ['approve', 'cool-off', 'sub'],
        run: (ctx) => {
          expectTypeOf(ctx.deps.approve).toEqualTypeOf<{ approved: boolean; by: string }>();
          expectTypeOf(ctx.deps['cool-off']).toEqualTypeOf<null>();
          expectTypeOf(ctx.deps.sub).toEqualTypeOf<number>();
          return null;
        },
      });
    workflow('types').child('sub', {
      workflow: child,
      // @ts-expect-error the child's input needs `n: number`
      input: () => ({ n: 'two' }),
    });
  });

  it('infers the run output from build({ output }) and the run input from the schema', () => {
    const definition = workflow('types', { input })
      .step('list', { run: () => ['a.ts'] })
      .build({ output: (outputs) => ({ files: outputs.list.length }) });
    expectTypeOf(definition).toEqualTypeOf<
      WorkflowDefinition<
        { repo: string; limit: number },
        { files: number },
        { repo: string; limit?: number | undefined }
      >
    >();
    expectTypeOf<WorkflowStartInput<typeof definition>>().toEqualTypeOf<{
      repo: string;
      limit?: number | undefined;
    }>();
    expectTypeOf<WorkflowInput<typeof definition>>().toEqualTypeOf<{
      repo: string;
      limit: number;
    }>();
    const engine = {} as WorkflowEngine;
    expectTypeOf(engine.start(definition, { repo: '.', limit: 1 })).toEqualTypeOf<
      Promise<RunHandle<{ files: number }>>
    >();
    // @ts-expect-error the run input needs `repo`
    void engine.start(definition, { limit: 1 });
    // `limit` has a schema default, so start may leave it out.
    expectTypeOf(engine.start(definition, { repo: '.' })).toEqualTypeOf<
      Promise<RunHandle<{ files: number }>>
    >();
  });

  it('gives a workflow without an input schema an undefined input', () => {
    workflow('types').step('a', {
      run: (ctx) => {
        expectTypeOf(ctx.input).toEqualTypeOf<undefined>();
        return 1;
      },
    });
  });
});
