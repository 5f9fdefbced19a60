import { ConfigurationError } from '@agenticflow/core';
import type { NatsDurableMode } from './nats-event-bus-options.js';
import { redactUrl } from './redact-url.js';

/** What the bus knows about how its stream's writes reach the disk. */
export interface WriteSyncFacts {
  readonly servers: string;
  readonly serverVersion: string;
  readonly stream: string;
  readonly storage: 'file' | 'memory';
  /** `jetstream.config` of the server's `/varz`, when it could be read. */
  readonly varz?: { readonly sync_always?: boolean; readonly sync_interval?: number } | undefined;
  /** Why `/varz` could not be read, or that no `monitorUrl` was given. */
  readonly varzProblem?: string | undefined;
}

/** The first nats-server release with `sync_interval: always` (fsync on every write). */
const FIRST_SYNC_ALWAYS = [2, 10] as const;

/**
 * Why an acknowledged publish may not be on disk, or `undefined` when every write is fsynced.
 * Pure, so each verdict is tested without a server of that version.
 */
export function writeSyncProblem(facts: WriteSyncFacts): string | undefined {
  const at = `nats-server ${facts.serverVersion} at ${facts.servers}`;
  if (facts.storage === 'memory') {
    return `stream ${facts.stream} is kept in memory: every message is lost when ${at} stops; use storage 'file'`;
  }
  const [major = 0, minor = 0] = facts.serverVersion.split('.').map(Number);
  if (
    major < FIRST_SYNC_ALWAYS[0] ||
    (major === FIRST_SYNC_ALWAYS[0] && minor < FIRST_SYNC_ALWAYS[1])
  ) {
    return `${at} cannot fsync every write (jetstream { sync_interval: always } needs nats-server 2.10 or later): an acknowledged publish reaches the disk at the next periodic sync, so an OS crash or power loss can lose the last 2 minutes of acknowledged messages (a crash of nats-server alone loses nothing); upgrade nats-server and set sync_interval: always`;
  }
  if (facts.varz === undefined) {
    return `cannot tell whether ${at} fsyncs every write: ${facts.varzProblem ?? 'its /varz could not be read'}`;
  }
  if (facts.varz.sync_always !== true) {
    const interval = facts.varz.sync_interval
      ? `every ${Math.round(facts.varz.sync_interval / 1e9)} s`
      : 'periodically (every 2 minutes by default)';
    return `${at} fsyncs ${interval}, not on every write, so an OS crash or power loss can lose acknowledged messages: set jetstream { sync_interval: always } in its configuration`;
  }
  return undefined;
}

/** Reads `jetstream.config` from the server's HTTP monitoring endpoint. */
export async function readJetStreamVarz(
  monitorUrl: string | undefined,
): Promise<Pick<WriteSyncFacts, 'varz' | 'varzProblem'>> {
  if (monitorUrl === undefined) {
    return {
      varzProblem:
        'give monitorUrl (its HTTP monitoring address, such as http://127.0.0.1:8222) so the bus can read jetstream.config.sync_always from /varz',
    };
  }
  const url = new URL('varz', monitorUrl.endsWith('/') ? monitorUrl : `${monitorUrl}/`).toString();
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(3_000) });
    if (!response.ok) return { varzProblem: `${redactUrl(url)} answered ${response.status}` };
    const body = (await response.json()) as { jetstream?: { config?: WriteSyncFacts['varz'] } };
    return { varz: body.jetstream?.config ?? {} };
  } catch (error) {
    return {
      varzProblem: `${redactUrl(url)} could not be read: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

const warned = new Set<string>();

/**
 * Applies `durableMode`: `'require'` throws `INVALID_CONFIGURATION` with the reason, `'warn'`
 * emits one process warning per stream and server (code `AGENTICFLOW_NATS_WRITES_NOT_SYNCED`).
 */
export function enforceDurableMode(mode: NatsDurableMode, facts: WriteSyncFacts): void {
  if (mode === 'off') return;
  const problem = writeSyncProblem(facts);
  if (problem === undefined) return;
  if (mode === 'require') {
    throw new ConfigurationError(
      `durableMode 'require' refuses to start: ${problem}; or set durableMode 'warn' or 'off' to run without that guarantee`,
      { details: { stream: facts.stream, servers: facts.servers, version: facts.serverVersion } },
    );
  }
  const key = `${facts.servers}\u0000${facts.stream}`;
  if (warned.has(key)) return;
  warned.add(key);
  process.emitWarning(`NatsEventBus is not durable against OS crashes: ${problem}`, {
    code: 'AGENTICFLOW_NATS_WRITES_NOT_SYNCED',
  });
}
