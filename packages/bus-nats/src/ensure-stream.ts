import { ConfigurationError } from '@agenticflow/core';
import {
  DiscardPolicy,
  type JetStreamManager,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
  type StreamInfo,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import { classifyNatsError, JetStreamCodes, jetStreamCode } from './classify-nats-error.js';

/** The stream a bus stores its messages in. */
export interface StreamSettings {
  readonly name: string;
  readonly subjects: readonly string[];
  readonly retention: 'limits' | 'interest';
  readonly storage: 'file' | 'memory';
  /** 0 keeps messages without an age limit. */
  readonly maxAgeMs: number;
  /** -1 for no limit. */
  readonly maxBytes: number;
  readonly duplicateWindowMs: number;
  readonly replicas: number;
}

/**
 * Returns the bus's stream, creating it when missing. Safe to run from many processes at once:
 * a creator that loses the race reads the winner's stream. An existing stream must store the
 * bus's subjects with the same retention; its other limits are left as they are.
 */
export async function ensureStream(
  jsm: JetStreamManager,
  settings: StreamSettings,
  servers: string,
): Promise<StreamInfo> {
  const action = `ensure stream ${settings.name}`;
  let info: StreamInfo;
  try {
    info = await jsm.streams.info(settings.name);
  } catch (error) {
    if (jetStreamCode(error) !== JetStreamCodes.StreamNotFound)
      throw classifyNatsError(error, { action, servers });
    info = await createStream(jsm, settings, servers);
  }
  checkExisting(info, settings);
  return info;
}

async function createStream(
  jsm: JetStreamManager,
  settings: StreamSettings,
  servers: string,
): Promise<StreamInfo> {
  const config: Partial<StreamConfig> & { name: string } = {
    name: settings.name,
    subjects: [...settings.subjects],
    description: 'AgenticFlow event bus (@agenticflow/bus-nats)',
    retention:
      settings.retention === 'interest' ? RetentionPolicy.Interest : RetentionPolicy.Limits,
    storage: settings.storage === 'memory' ? StorageType.Memory : StorageType.File,
    discard: DiscardPolicy.Old,
    max_age: nanos(settings.maxAgeMs),
    max_bytes: settings.maxBytes,
    duplicate_window: nanos(settings.duplicateWindowMs),
    num_replicas: settings.replicas,
  };
  try {
    return await jsm.streams.add(config);
  } catch (error) {
    // Another process created it first, possibly with other limits: use theirs.
    if (jetStreamCode(error) === JetStreamCodes.StreamNameInUse) {
      return jsm.streams.info(settings.name);
    }
    throw classifyNatsError(error, { action: `create stream ${settings.name}`, servers });
  }
}

function checkExisting(info: StreamInfo, settings: StreamSettings): void {
  const missing = settings.subjects.filter((subject) => !info.config.subjects?.includes(subject));
  if (missing.length > 0) {
    throw new ConfigurationError(
      `stream ${settings.name} exists but does not store ${missing.join(', ')} (it stores ${JSON.stringify(info.config.subjects ?? [])}): it was made by something else; choose another streamPrefix`,
      { details: { stream: settings.name, subjects: info.config.subjects ?? [] } },
    );
  }
  if (info.config.retention !== settings.retention) {
    throw new ConfigurationError(
      `stream ${settings.name} exists with retention '${info.config.retention}' but this bus asks for '${settings.retention}': use the same retention in every process, or another streamPrefix`,
      { details: { stream: settings.name, retention: info.config.retention } },
    );
  }
}
