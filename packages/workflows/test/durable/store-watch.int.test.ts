import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteEventStore } from '@agenticflow/storage-sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createWorkflowClient, createWorkflowEngine, workflow } from '../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'af-watch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const gated = workflow('gated', { input: z.object({ title: z.string() }) })
  .step('draft', { run: (ctx) => `draft of ${ctx.input.title}` })
  .waitFor('approve', { dependsOn: ['draft'], payload: z.object({ by: z.string() }) })
  .step('publish', {
    dependsOn: ['draft', 'approve'],
    run: (ctx) => `${ctx.deps.draft}, approved by ${ctx.deps.approve.by}`,
  })
  .build();

describe('an engine watching a SQLite file that another connection writes to', () => {
  it('continues a run resumed by a store-only client, and runs the runs that client starts', async () => {
    const filename = join(dir, 'shared.db');
    const engineStore = await createSqliteEventStore({ filename, pollIntervalMs: 20 });
    const clientStore = await createSqliteEventStore({ filename, pollIntervalMs: 20 });
    const engine = await createWorkflowEngine({ store: engineStore, workflows: [gated] });
    const client = await createWorkflowClient({ store: clientStore, workflows: [gated] });
    try {
      const run = await engine.start(gated, { title: 'notes' });
      const resumed = run.result();
      await expectEventually(async () => (await client.getRun(run.runId)).status === 'suspended');
      await client.resume(run.runId, 'approve', { by: 'ada' });
      expect(await resumed).toEqual({ publish: 'draft of notes, approved by ada' });

      const started = await client.start(gated, { title: 'plan' });
      await expectEventually(
        async () => (await client.getRun(started.runId)).status === 'suspended',
      );
      await client.resume(started.runId, 'approve', { by: 'bob' });
      expect(await started.result()).toEqual({ publish: 'draft of plan, approved by bob' });
      const steps = (await engine.getRun(started.runId)).steps;
      expect(steps.draft?.workerId).toBeDefined();
    } finally {
      await client.close();
      await engine.close();
      await clientStore.close();
      await engineStore.close();
    }
  });
});

async function expectEventually(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
