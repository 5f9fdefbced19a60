import type { Registry } from 'prom-client';

/** The value of `name` for exactly `labels` (0 when the series does not exist). */
export async function metricValue(
  registry: Registry,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name} in the registry`);
  const { values } = await metric.get();
  const wanted = Object.entries(labels);
  const match = values.find(
    (value) =>
      Object.keys(value.labels).length === wanted.length &&
      wanted.every(([key, expected]) => value.labels[key] === expected),
  );
  return match?.value ?? 0;
}

/** Count and sum of a histogram series. */
export async function histogramSeries(
  registry: Registry,
  name: string,
  labels: Record<string, string>,
): Promise<{ count: number; sum: number }> {
  const metric = registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name} in the registry`);
  const { values } = await metric.get();
  const pick = (suffix: string) =>
    values.find(
      (value) =>
        (value as { metricName?: string }).metricName === `${name}${suffix}` &&
        Object.entries(labels).every(([key, expected]) => value.labels[key] === expected),
    )?.value ?? 0;
  return { count: pick('_count'), sum: pick('_sum') };
}
