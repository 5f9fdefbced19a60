// The `agent` example template of `agenticflow init`: an LLM agent with a permissioned tool, run as
// one durable workflow step. With AGENTICFLOW_MODEL set it asks that model; without one, a scripted
// stand-in named `offline` answers, so the project runs with no key.

export const agentFile = `import { createLlmAgent, createModel, type Model, ScriptedModel } from '@agenticflow/agents';
import { defineTool } from '@agenticflow/tools';
import { z } from 'zod';

/** A tool the agent may call: it needs the grant orders:read. */
export const lookUpOrder = defineTool({
  name: 'orders.lookup',
  description: 'Finds the status of an order by its number',
  input: z.object({ order: z.number().int() }),
  permissions: ['orders:read'],
  execute: ({ order }) => ({ order, status: order % 2 === 0 ? 'shipped' : 'being packed' }),
});

/** The model named by AGENTICFLOW_MODEL (such as openai:gpt-4o-mini), else an offline stand-in. */
export async function chooseModel(spec: string | undefined): Promise<Model> {
  if (spec) return createModel(spec);
  return new ScriptedModel({
    name: 'offline',
    answers: (request, index) => {
      const last = request.messages.at(-1);
      if (index === 0) {
        const order = Number(/\\d+/.exec(last?.content ?? '')?.[0] ?? 1);
        return { toolCalls: [{ name: 'orders.lookup', arguments: { order } }] };
      }
      return { text: \`(offline model) The lookup says: \${last?.content ?? 'nothing'}\` };
    },
  });
}

/** The support agent: instructions, a model and the lookup tool, granted what the tool needs. */
export function supportAgent(model: Model) {
  return createLlmAgent({
    name: 'support',
    instructions: 'Answer questions about orders. Look the order up before answering.',
    model,
    tools: [lookUpOrder],
    grants: ['orders:read'],
    limits: { maxSteps: 4 },
  });
}
`;

export const agentJobFile = `import { defineJob } from '@agenticflow/cli';
import { workflow } from '@agenticflow/workflows';
import { z } from 'zod';
import { chooseModel, supportAgent } from '../agents/support.js';

/** agenticflow run jobs/ask.job.ts [question]: the agent's run is recorded in run-<runId>-agent. */
export default defineJob({
  name: 'ask',
  async open(ctx) {
    const agent = supportAgent(await chooseModel(ctx.model));
    const ask = workflow('ask', { version: 1, input: z.object({ question: z.string() }) })
      .step('answer', {
        run: async (step) => {
          const result = await agent.run(step.input.question, {
            store: ctx.store,
            runId: \`\${step.runId}-agent\`,
            signal: step.signal,
          });
          return result.text;
        },
      })
      .build();
    const engine = await ctx.createEngine([ask]);
    return {
      engine,
      start: async (runId) => {
        const question = ctx.args.join(' ') || 'Where is my order 42?';
        await engine.start(ask, { question }, { runId });
      },
      summarize: (output) => [\`answer: \${JSON.stringify(output)}\`],
    };
  },
});
`;
