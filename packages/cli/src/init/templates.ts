import { agentFile, agentJobFile } from './agent-template.js';

/** The project templates of `agenticflow init`. */
export const TEMPLATES = ['basic', 'enterprise', 'agent'] as const;

/** A template name. */
export type TemplateName = (typeof TEMPLATES)[number];

const VERSION = '^0.1.0';

const workflowFile = `import { workflow } from '@agenticflow/workflows';
import { z } from 'zod';

/** Greets someone in three durable steps: each is recorded, and a crash resumes after the last one done. */
export const greet = workflow('greet', { version: 1, input: z.object({ name: z.string().default('world') }) })
  .step('normalise', { run: (ctx) => ctx.input.name.trim() || 'world' })
  .step('compose', { dependsOn: ['normalise'], run: (ctx) => \`Hello, \${ctx.deps.normalise}!\` })
  .step('shout', { dependsOn: ['compose'], run: (ctx) => ctx.deps.compose.toUpperCase() })
  .build();
`;

const jobFile = `import { defineJob } from '@agenticflow/cli';
import { greet } from '../workflows/greet.js';

/** agenticflow run jobs/greet.job.ts [name] */
export default defineJob({
  name: 'greet',
  workflows: [greet],
  start: (ctx) => ctx.engine.start(greet, { name: ctx.args[0] ?? 'world' }, { runId: ctx.runId }),
  summarize: (output) => [\`output: \${JSON.stringify(output)}\`],
});
`;

function packageJson(name: string, template: TemplateName): string {
  const dependencies: Record<string, string> = {
    '@agenticflow/cli': VERSION,
    '@agenticflow/core': VERSION,
    '@agenticflow/workflows': VERSION,
    zod: '^4.0.0',
  };
  if (template === 'enterprise') {
    dependencies['@agenticflow/storage-postgres'] = VERSION;
    dependencies['@agenticflow/bus-nats'] = VERSION;
  }
  if (template === 'agent') {
    dependencies['@agenticflow/agents'] = VERSION;
    dependencies['@agenticflow/tools'] = VERSION;
  }
  const scripts: Record<string, string> = {
    start: `agenticflow run jobs/${template === 'agent' ? 'ask' : 'greet'}.job.ts`,
    doctor: 'agenticflow doctor',
  };
  if (template === 'enterprise') {
    scripts.worker = 'agenticflow worker --job jobs/greet.job.ts --profile production';
    scripts.migrate = 'agenticflow migrate --profile production';
  }
  return `${JSON.stringify({ name, version: '0.0.0', private: true, type: 'module', scripts, dependencies, devDependencies: { tsx: '^4.0.0', typescript: '^5.9.0' } }, null, 2)}\n`;
}

function config(name: string, template: TemplateName): string {
  const base = { name, store: 'sqlite:.agenticflow/events.db', bus: 'inprocess' };
  const profiles =
    template !== 'enterprise'
      ? { testing: { store: 'sqlite:.agenticflow/test-events.db' } }
      : {
          testing: { store: 'sqlite:.agenticflow/test-events.db' },
          production: {
            store: 'postgres://agenticflow@127.0.0.1:5432/agenticflow',
            bus: 'nats://127.0.0.1:4222',
            worker: { concurrency: 16 },
          },
        };
  return `${JSON.stringify({ ...base, profiles }, null, 2)}\n`;
}

const workerEntry = `// A worker process for production: the same as \`agenticflow worker --job jobs/greet.job.ts\`,
// for hosts that start a Node entry point. The store and bus come from AGENTICFLOW_STORE and AGENTICFLOW_BUS.
import { createNatsEventBus } from '@agenticflow/bus-nats';
import { createPostgresEventStore } from '@agenticflow/storage-postgres';
import { createWorker } from '@agenticflow/workflows';
import { greet } from './workflows/greet.js';

const store = await createPostgresEventStore({ connectionString: process.env.AGENTICFLOW_STORE ?? 'postgres://agenticflow@127.0.0.1:5432/agenticflow' });
const bus = await createNatsEventBus({ servers: process.env.AGENTICFLOW_BUS ?? 'nats://127.0.0.1:4222' });
const worker = await createWorker({ store, bus, workflows: [greet], concurrency: 16 });
console.log(\`worker \${worker.workerId} ready\`);
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, async () => {
    await worker.close(10_000);
    await bus.close();
    await store.close();
  });
`;

function readme(name: string, template: TemplateName): string {
  const lines = [
    `# ${name}`,
    '',
    'An AgenticFlow project. Runs are recorded in the event log: resume, inspect and replay them.',
    '',
    '```sh',
    'npm install',
    template === 'agent'
      ? 'npx agenticflow run jobs/ask.job.ts "Where is order 42?"   # set AGENTICFLOW_MODEL to use a real model'
      : 'npx agenticflow run jobs/greet.job.ts Ada   # prints the runId',
    'npx agenticflow inspect <runId>',
    'npx agenticflow doctor',
    '```',
  ];
  if (template === 'enterprise')
    lines.push(
      '',
      'Production (PostgreSQL + NATS): `npx agenticflow migrate --profile production`, then any number of',
      '`npx agenticflow worker --job jobs/greet.job.ts --profile production` (or `node --import tsx worker.ts`).',
    );
  return `${lines.join('\n')}\n`;
}

/** The files of a template: path relative to the project → contents. */
export function templateFiles(template: TemplateName, name: string): Record<string, string> {
  const files: Record<string, string> = {
    'package.json': packageJson(name, template),
    'agenticflow.config.json': config(name, template),
    'workflows/greet.ts': workflowFile,
    'jobs/greet.job.ts': jobFile,
    '.gitignore': 'node_modules\n.agenticflow\n',
    'README.md': readme(name, template),
  };
  if (template === 'enterprise') files['worker.ts'] = workerEntry;
  if (template === 'agent') {
    delete files['workflows/greet.ts'];
    delete files['jobs/greet.job.ts'];
    files['agents/support.ts'] = agentFile;
    files['jobs/ask.job.ts'] = agentJobFile;
  }
  return files;
}
