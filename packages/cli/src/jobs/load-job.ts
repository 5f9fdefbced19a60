import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { importModule } from '../config/import-module.js';
import { UsageError } from '../usage-error.js';
import {
  type CustomJobSpec,
  defineJob,
  type JobDefinition,
  type WorkflowsJobSpec,
} from './define-job.js';

function isFunction(value: unknown): value is (...args: never[]) => unknown {
  return typeof value === 'function';
}

/**
 * Imports a job file (TypeScript through tsx, or JavaScript) and returns its default export as a
 * {@link JobDefinition}. A plain object of the `defineJob` shape is accepted too.
 */
export async function loadJob(
  file: string,
  cwd: string,
): Promise<{ job: JobDefinition; jobFile: string }> {
  const jobFile = resolve(cwd, file);
  if (!existsSync(jobFile))
    throw new UsageError(`job file ${file} does not exist (looked at ${jobFile}): check the path`);
  const module = await importModule(jobFile);
  const spec = module.default as Partial<WorkflowsJobSpec & CustomJobSpec> | undefined;
  const shape = 'export default defineJob({ name, workflows, start }) or defineJob({ name, open })';
  if (spec === null || typeof spec !== 'object')
    throw new UsageError(`job file ${jobFile} has no default export object: ${shape}`);
  if (typeof spec.name !== 'string' || spec.name === '')
    throw new UsageError(
      `job file ${jobFile}: name is ${JSON.stringify(spec.name)}, expected a non-empty string: ${shape}`,
    );
  if (isFunction(spec.open)) return { job: spec as CustomJobSpec, jobFile };
  if (Array.isArray(spec.workflows) && isFunction(spec.start))
    return { job: defineJob(spec as WorkflowsJobSpec), jobFile };
  throw new UsageError(
    `job file ${jobFile} (job ${spec.name}) has neither open() nor workflows and start(): ${shape}`,
  );
}
