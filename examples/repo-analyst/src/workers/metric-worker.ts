import type { SupervisorWorker } from '@agenticflow/agents';
import { type JsonValue, ValidationError } from '@agenticflow/core';
import { findFacts, type MetricFacts } from '../facts.js';
import type { Toolbox } from '../toolbox.js';

/**
 * Computes averages and shares from the code stats of a dependency task, in the isolated-vm
 * sandbox (the `metrics.compute` tool): the numbers cross into the isolate as a JSON copy.
 */
export function metricWorker(toolbox: Toolbox): SupervisorWorker {
  const caller = { id: 'metric-sandbox', grants: toolbox.grants('metrics') };
  return {
    id: 'metric-sandbox',
    capabilities: ['metrics'],
    async perform(task, context) {
      const stats = findFacts(context.dependencies, 'code-stats');
      if (!stats)
        throw new ValidationError(
          `task ${task.id} computes metrics from code stats, but none of its dependencies (${JSON.stringify(task.dependsOn)}) produced them: make it depend on the code-stats task`,
          [{ path: ['dependsOn'], message: 'needs the code-stats task' }],
        );
      const started = performance.now();
      const computed = await toolbox.call<Omit<MetricFacts, 'kind' | 'sandboxMs'>>(
        caller,
        'metrics.compute',
        { extensions: stats.byExtension },
        context,
      );
      const facts: MetricFacts = {
        kind: 'metrics',
        ...computed,
        sandboxMs: Math.round(performance.now() - started),
      };
      return facts as unknown as JsonValue;
    },
  };
}
