import { describeUnlessSkipped, uniqueToken, unreachableReason } from '@agenticflow/conformance';
import { type BusMessage, deadLetterTopic, readDeadLetter } from '@agenticflow/core';
import { expectRejectedCode, waitFor } from '@agenticflow/core/testing';
import { type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createNatsEventBus, type NatsEventBus } from '../src/index.js';
import { deleteStreams, natsUrl, uniquePrefix } from './helpers/nats-test-kit.js';

const skip = await unreachableReason(natsUrl);
const prefix = uniquePrefix();
const otherPrefixes: string[] = [];

describeUnlessSkipped('NatsEventBus on the shared server', skip, () => {
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  const buses: NatsEventBus[] = [];
  const open = async (options: Partial<Parameters<typeof createNatsEventBus>[0]> = {}) => {
    const bus = await createNatsEventBus({ servers: natsUrl, streamPrefix: prefix, ...options });
    buses.push(bus);
    return bus;
  };

  beforeAll(async () => {
    nc = await connect({ servers: natsUrl });
    jsm = await jetstreamManager(nc);
  });

  afterEach(async () => {
    await Promise.all(buses.splice(0).map((bus) => bus.close()));
  });

  afterAll(async () => {
    await nc?.close();
    await deleteStreams(natsUrl, [prefix, ...otherPrefixes]);
  });

  const consumerNames = async () =>
    (await jsm.consumers.list(prefix).next()).map((info) => info.name);

  it('drops a second publish of the same id within the window and delivers it once', async () => {
    const bus = await open();
    const topic = `${uniqueToken()}.dedup`;
    const box: BusMessage[] = [];
    await bus.subscribe(topic, (message) => void box.push(message));
    const first = await bus.publish(topic, { id: 'event-1', payload: 1 });
    const second = await bus.publish(topic, { id: 'event-1', payload: 1 });
    expect(first).toEqual({ id: 'event-1', duplicate: false });
    expect(second).toEqual({ id: 'event-1', duplicate: true });
    await bus.publish(topic, { payload: 'after' });
    await waitFor(() => box.length === 2);
    expect(box.map((message) => message.id)).toEqual(['event-1', expect.any(String)]);
  });

  it('delivers header names and values that NATS headers would alter unchanged', async () => {
    const bus = await open();
    const topic = `${uniqueToken()}.headers`;
    const box: BusMessage[] = [];
    await bus.subscribe(topic, (message) => void box.push(message));
    const headers = {
      plain: 'value',
      spaced: '  padded  ',
      lines: 'one\r\ntwo\nthree',
      'Nats-Expected-Stream': 'not-a-directive',
      'af-own': 'x',
      unicode: 'héllo 🚀',
      empty: '',
    };
    await bus.publish(topic, { id: 'h-1', payload: null, headers });
    await waitFor(() => box.length === 1);
    expect(box[0]!.headers).toEqual(headers);
    expect(box[0]!.id).toBe('h-1');
  });

  it('leaves a connection the caller owns open when it closes', async () => {
    const bus = await createNatsEventBus({ connection: nc, streamPrefix: prefix });
    await bus.close();
    expect(nc.isClosed()).toBe(false);
    await expectRejectedCode(bus.publish('a.b', { payload: 1 }), 'CLOSED');
  });

  it('lets two members create the same group at once', async () => {
    const [a, b] = await Promise.all([open(), open()]);
    const topic = `${uniqueToken()}.race`;
    const group = uniqueToken('g');
    const seen: string[] = [];
    await Promise.all(
      [a, b].map((bus) => bus.subscribe(topic, (message) => void seen.push(message.id), { group })),
    );
    for (let n = 0; n < 10; n++) await a.publish(topic, { payload: n });
    await waitFor(() => seen.length === 10);
    expect(new Set(seen).size).toBe(10);
  });

  it("raises the group's server ack wait when a member with a longer ackTimeoutMs joins", async () => {
    const bus = await open();
    const topic = `${uniqueToken()}.wait`;
    const group = uniqueToken('g');
    await bus.subscribe(topic, () => {}, { group, ackTimeoutMs: 1_000 });
    const ackWait = async () => {
      const [info] = (await jsm.consumers.list(prefix).next()).filter((consumer) =>
        consumer.name.startsWith(`${group}_`),
      );
      return (info!.config.ack_wait ?? 0) / 1e6;
    };
    expect(await ackWait()).toBe(2_000);
    await bus.subscribe(topic, () => {}, { group, ackTimeoutMs: 60_000 });
    expect(await ackWait()).toBe(72_000);
    await bus.subscribe(topic, () => {}, { group, ackTimeoutMs: 1_000 });
    expect(await ackWait()).toBe(72_000);
  });

  it("deletes a plain subscription's consumer on unsubscribe and keeps a group's", async () => {
    const bus = await open();
    const topic = `${uniqueToken()}.cleanup`;
    const group = uniqueToken('g');
    const before = new Set(await consumerNames());
    const plain = await bus.subscribe(topic, () => {});
    const grouped = await bus.subscribe(topic, () => {}, { group });
    const added = (await consumerNames()).filter((name) => !before.has(name));
    expect(added).toHaveLength(2);
    await plain.unsubscribe();
    await grouped.unsubscribe();
    const left = (await consumerNames()).filter((name) => !before.has(name));
    expect(left).toEqual([added.find((name) => name.startsWith(`${group}_`))]);
  });

  it('recreates a consumer deleted under it and goes on after the last message it saw', async () => {
    const bus = await open();
    const topic = `${uniqueToken()}.lost`;
    const before = new Set(await consumerNames());
    const payloads: unknown[] = [];
    await bus.subscribe(topic, (message) => void payloads.push(message.payload));
    const [name] = (await consumerNames()).filter((candidate) => !before.has(candidate));
    await bus.publish(topic, { payload: 0 });
    await waitFor(() => payloads.length === 1);
    // Delete it while the subscription's next pull request waits on it.
    await waitFor(async () => (await jsm.consumers.info(prefix, name!)).num_waiting > 0);
    await jsm.consumers.delete(prefix, name!);
    for (let n = 1; n <= 3; n++) await bus.publish(topic, { payload: n });
    await waitFor(() => payloads.length === 4);
    expect(payloads).toEqual([0, 1, 2, 3]);
  });

  it('notices from the missing heartbeats that its consumer is gone, and recreates it', async () => {
    const bus = await open();
    const topic = `${uniqueToken()}.silent`;
    const before = new Set(await consumerNames());
    const payloads: unknown[] = [];
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    await bus.subscribe(topic, async (message) => {
      if (message.payload === 0) await released;
      payloads.push(message.payload);
    });
    const [name] = (await consumerNames()).filter((candidate) => !before.has(candidate));
    await bus.publish(topic, { payload: 0 });
    // With its only slot busy the subscription has no pull request waiting: the deletion sends it
    // nothing, and its next request goes to a consumer that is not there.
    await waitFor(async () => (await jsm.consumers.info(prefix, name!)).num_ack_pending === 1);
    await jsm.consumers.delete(prefix, name!);
    await bus.publish(topic, { payload: 1 });
    release();
    await waitFor(() => payloads.length === 2, { timeoutMs: 15_000 });
    expect(payloads).toEqual([0, 1]);
  });

  it('dead-letters a message that is not JSON, which no handler could take', async () => {
    const bus = await open();
    const topic = `${uniqueToken()}.foreign`;
    const dead: BusMessage[] = [];
    const handled: BusMessage[] = [];
    await bus.subscribe(deadLetterTopic(topic), (message) => void dead.push(message));
    await bus.subscribe(topic, (message) => void handled.push(message));
    await jetstream(nc).publish(`${prefix}.${topic}`, 'not json {');
    await waitFor(() => dead.length === 1);
    const letter = readDeadLetter(dead[0]!.payload);
    expect(letter.error.code).toBe('VALIDATION_FAILED');
    expect(letter.payload).toBe('not json {');
    expect(handled).toHaveLength(0);
  });

  it('reports its capabilities, with a memory stream not durable', async () => {
    const bus = await open();
    expect(bus.capabilities).toMatchObject({
      durable: true,
      crossProcess: true,
      deduplicatesById: true,
    });
    const memoryPrefix = uniquePrefix('AFM');
    otherPrefixes.push(memoryPrefix);
    const memory = await open({ streamPrefix: memoryPrefix, storage: 'memory' });
    expect(memory.capabilities.durable).toBe(false);
    expect(memory.streamName).toBe(memoryPrefix);
  });

  it('refuses a stream prefix whose stream exists with another retention', async () => {
    await open();
    const error = await expectRejectedCode(
      open({ retention: 'interest' }),
      'INVALID_CONFIGURATION',
    );
    expect(error.message).toContain(`stream ${prefix} exists with retention 'limits'`);
  });
});
