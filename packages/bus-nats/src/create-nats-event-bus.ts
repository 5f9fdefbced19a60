import { DEFAULT_MAX_MESSAGE_BYTES } from '@agenticflow/core';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { enforceDurableMode, readJetStreamVarz } from './check-write-sync.js';
import { classifyNatsError } from './classify-nats-error.js';
import { connectNats } from './connect-nats.js';
import { ensureStream } from './ensure-stream.js';
import { NATS_HEADER_RESERVE_BYTES, NatsEventBus } from './nats-event-bus.js';
import { type NatsEventBusOptions, resolveNatsEventBusOptions } from './nats-event-bus-options.js';
import { describeServers } from './redact-url.js';
import { streamSubjects } from './subjects.js';

/**
 * Connects (or takes your connection), makes sure the bus's JetStream stream exists, applies
 * `durableMode`, and returns the bus. Fails with `INVALID_CONFIGURATION` for bad options or an
 * incompatible existing stream, and with a retryable `CONNECTION_FAILED` naming the (redacted)
 * servers when they cannot be reached after `connectAttempts`.
 *
 * @example
 * ```ts
 * import { createNatsEventBus } from '@agenticflow/bus-nats';
 *
 * const bus = await createNatsEventBus({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
 * await bus.subscribe('step.ready', runStep, { group: 'workers', concurrency: 8 });
 * ```
 */
export async function createNatsEventBus(options: NatsEventBusOptions): Promise<NatsEventBus> {
  const resolved = resolveNatsEventBusOptions(options);
  const nc: NatsConnection =
    resolved.connection ??
    (await connectNats({
      servers: resolved.servers!,
      connectionOptions: resolved.connectionOptions,
      attempts: resolved.connectAttempts,
    }));
  const servers = describeServers(resolved.servers ?? nc.getServer());
  try {
    const jsm = await jetstreamManager(nc).catch((error: unknown) => {
      throw classifyNatsError(error, { action: 'open JetStream', servers });
    });
    const stream = await ensureStream(
      jsm,
      {
        name: resolved.streamPrefix,
        subjects: streamSubjects(resolved.streamPrefix),
        retention: resolved.retention,
        storage: resolved.storage,
        maxAgeMs: resolved.maxAgeMs,
        maxBytes: resolved.maxBytes,
        duplicateWindowMs: resolved.duplicateWindowMs,
        replicas: resolved.replicas,
      },
      servers,
    );
    const storage = stream.config.storage === 'memory' ? 'memory' : 'file';
    if (resolved.durableMode !== 'off') {
      enforceDurableMode(resolved.durableMode, {
        servers,
        serverVersion: nc.info?.version ?? '0.0.0',
        stream: resolved.streamPrefix,
        storage,
        ...(await readJetStreamVarz(resolved.monitorUrl)),
      });
    }
    const maxPayload = nc.info?.max_payload ?? DEFAULT_MAX_MESSAGE_BYTES;
    return new NatsEventBus({
      nc,
      ownsConnection: resolved.connection === undefined,
      js: jsm.jetstream(),
      jsm,
      apiPrefix: jsm.getOptions().apiPrefix ?? '$JS.API',
      servers,
      streamPrefix: resolved.streamPrefix,
      streamName: resolved.streamPrefix,
      durable: storage === 'file',
      maxPayload,
      maxMessageBytes: Math.min(resolved.maxMessageBytes, maxPayload - NATS_HEADER_RESERVE_BYTES),
      publishTimeoutMs: resolved.publishTimeoutMs,
      newId: resolved.newId,
      onError: resolved.onError,
    });
  } catch (error) {
    if (resolved.connection === undefined) await nc.close().catch(() => {});
    throw error;
  }
}
