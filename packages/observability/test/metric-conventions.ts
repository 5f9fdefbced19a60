import type { Registry } from 'prom-client';

const NAME = /^[a-z_:][a-z0-9_:]*$/;
const LABEL = /^[a-z_][a-z0-9_]*$/;
const ID_LABEL = /(^|_)id$/;
const ID_LIKE_VALUE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const DURATION_WORDS = /(duration|latency|elapsed|_time)/;

/**
 * Every way the metrics of `registry` break Prometheus naming conventions: names and labels in
 * snake_case, counters ending in `_total` and only counters, durations in `_seconds`, help text
 * present, no label named like an id, no label value that looks like a UUID. Empty when all is well.
 */
export async function metricConventionProblems(registry: Registry): Promise<string[]> {
  const problems: string[] = [];
  for (const metric of await registry.getMetricsAsJSON()) {
    const { name, help } = metric;
    // prom-client types say MetricType, but the JSON holds the text form ('counter', 'gauge').
    const type = String(metric.type);
    const labelNames: readonly string[] =
      (registry.getSingleMetric(name) as unknown as { labelNames?: string[] })?.labelNames ?? [];
    if (!NAME.test(name)) problems.push(`${name}: name is not snake_case [a-z_:][a-z0-9_:]*`);
    if (typeof help !== 'string' || help.trim().length === 0)
      problems.push(`${name}: no help text`);
    if (type === 'counter' && !name.endsWith('_total'))
      problems.push(`${name}: a counter must end in _total`);
    if (type !== 'counter' && name.endsWith('_total'))
      problems.push(`${name}: only counters may end in _total (it is a ${type})`);
    if (DURATION_WORDS.test(name) && !name.endsWith('_seconds'))
      problems.push(`${name}: a duration must be in seconds and end in _seconds`);
    for (const label of labelNames) {
      if (!LABEL.test(label)) problems.push(`${name}: label ${label} is not snake_case`);
      if (label.startsWith('__'))
        problems.push(`${name}: label ${label} is reserved (starts with __)`);
      if (ID_LABEL.test(label))
        problems.push(`${name}: label ${label} is named like an id, whose values are unbounded`);
    }
    for (const value of metric.values) {
      for (const [label, labelValue] of Object.entries(value.labels)) {
        if (ID_LIKE_VALUE.test(String(labelValue)))
          problems.push(`${name}: label ${label} holds an id-like value ${String(labelValue)}`);
      }
    }
  }
  return problems;
}
