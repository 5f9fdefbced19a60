import {
  ConfigurationError,
  describeValue,
  type EventBus,
  type EventStore,
  TimeoutError,
} from '@agenticflow/core';
import { checkSecrets, redactText } from '../logging/redact-secrets.js';

/** Outcome of one check. */
export interface HealthCheckResult {
  /** `process`, `store` or `bus`. */
  readonly name: string;
  readonly status: 'ok' | 'fail';
  /** How long the check took, in milliseconds. */
  readonly durationMs: number;
  /** Why it failed (secrets redacted); absent when it passed. */
  readonly error?: string;
}

/** Outcome of `liveness()` or `readiness()`: `fail` as soon as one check fails. */
export interface HealthReport {
  readonly status: 'ok' | 'fail';
  readonly checks: readonly HealthCheckResult[];
}

/** Probes a bus; resolves when it answers. */
export type BusProbe = (bus: EventBus) => Promise<unknown>;

/** Options of {@link createHealthCheck}. */
export interface HealthCheckOptions {
  /** The event store readiness reads from. */
  readonly store: EventStore;
  /** The bus readiness probes, if the process uses one. */
  readonly bus?: EventBus;
  /**
   * How a check of the bus is done. By default a `ping()` method of the bus, when it has one;
   * otherwise a publish to the topic {@link HEALTH_TOPIC}, which no wildcard subscription sees. On a
   * durable bus that publish is stored like any message: pass a cheaper probe where there is one.
   */
  readonly busProbe?: BusProbe;
  /** Longest a single check may take before it fails. @defaultValue 2000 */
  readonly timeoutMs?: number;
  /** Values hidden from error messages in reports. @defaultValue [] */
  readonly secrets?: readonly (string | undefined)[];
}

/** Liveness and readiness of this process. */
export interface HealthCheck {
  /** The process is up and its event loop runs. */
  liveness(): Promise<HealthReport>;
  /** The store answers a read and the bus (if any) answers its probe, each within the timeout. */
  readiness(): Promise<HealthReport>;
}

/** Topic of the default bus probe; starting with `$`, it is never matched by a wildcard. */
export const HEALTH_TOPIC = '$health.readiness';
/** Stream the store check reads: never written, so the read is one index lookup. */
export const HEALTH_STREAM_ID = 'agenticflow-health';
/** Default bound of each check. */
export const DEFAULT_HEALTH_TIMEOUT_MS = 2000;

/**
 * Builds liveness and readiness checks for probes such as Kubernetes' (serve them with
 * `healthHandler`). Checks run in parallel, each bounded by `timeoutMs`.
 *
 * @example
 * ```ts
 * const health = createHealthCheck({ store, bus, timeoutMs: 1000 });
 * http.createServer(healthHandler(health)).listen(8080);
 * ```
 */
export function createHealthCheck(options: HealthCheckOptions): HealthCheck {
  const { store, bus } = options;
  if (typeof store !== 'object' || store === null || typeof store.readStream !== 'function') {
    throw new ConfigurationError(
      `store must be an EventStore, got ${describeValue(store)}: pass the store the process uses`,
    );
  }
  if (
    bus !== undefined &&
    (typeof bus !== 'object' || bus === null || typeof bus.publish !== 'function')
  ) {
    throw new ConfigurationError(
      `bus must be an EventBus, got ${describeValue(bus)}: pass the bus the process uses, or leave it out`,
    );
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_HEALTH_TIMEOUT_MS;
  if (typeof timeoutMs !== 'number' || !Number.isInteger(timeoutMs) || timeoutMs < 1) {
    throw new ConfigurationError(
      `timeoutMs must be a positive integer of milliseconds, got ${describeValue(timeoutMs)}: pass a number such as ${DEFAULT_HEALTH_TIMEOUT_MS}`,
    );
  }
  const secrets = checkSecrets(options.secrets);
  const probe = options.busProbe ?? defaultBusProbe;
  const run = (name: string, check: () => Promise<unknown>) =>
    runCheck(name, check, timeoutMs, secrets);

  return {
    async liveness() {
      return report([{ name: 'process', status: 'ok', durationMs: 0 }]);
    },
    async readiness() {
      const checks = [run('store', () => readNothing(store))];
      if (bus) checks.push(run('bus', () => probe(bus)));
      return report(await Promise.all(checks));
    },
  };
}

async function readNothing(store: EventStore): Promise<void> {
  for await (const _event of store.readStream(HEALTH_STREAM_ID, { limit: 1 })) break;
}

function defaultBusProbe(bus: EventBus): Promise<unknown> {
  const ping = (bus as { ping?: () => Promise<unknown> }).ping;
  if (typeof ping === 'function') return ping.call(bus);
  return bus.publish(HEALTH_TOPIC, { payload: { at: new Date().toISOString() } });
}

async function runCheck(
  name: string,
  check: () => Promise<unknown>,
  timeoutMs: number,
  secrets: readonly string[],
): Promise<HealthCheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new TimeoutError(`${name} did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    await Promise.race([check(), timeout]);
    return { name, status: 'ok', durationMs: elapsed(started) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      name,
      status: 'fail',
      durationMs: elapsed(started),
      error: redactText(message, secrets),
    };
  } finally {
    clearTimeout(timer);
  }
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 100) / 100;
}

function report(checks: readonly HealthCheckResult[]): HealthReport {
  return { status: checks.every((check) => check.status === 'ok') ? 'ok' : 'fail', checks };
}
