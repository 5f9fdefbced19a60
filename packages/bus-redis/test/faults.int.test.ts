import { describeUnlessSkipped, uniqueToken } from '@agenticflow/conformance';
import {
  type AgenticFlowError,
  type BusMessage,
  deadLetterTopic,
  readDeadLetter,
} from '@agenticflow/core';
import { expectRejectedCode, waitFor } from '@agenticflow/core/testing';
import { Redis } from 'ioredis';
import { afterEach, expect, it } from 'vitest';
import { createRedisEventBus, type RedisEventBus } from '../src/index.js';
import { freePort, RedisServerProcess } from './redis-server-process.js';
import { PROTOCOLS, redisServerSkip, uniquePrefix } from './redis-test-kit.js';

for (const protocol of PROTOCOLS)
  describeUnlessSkipped(
    `faults over RESP${protocol}, each on a redis-server of its own`,
    redisServerSkip,
    () => {
      const servers: RedisServerProcess[] = [];
      const buses: RedisEventBus[] = [];
      const keyPrefix = uniquePrefix();

      afterEach(async () => {
        await Promise.all(buses.splice(0).map((bus) => bus.close()));
        await Promise.all(servers.splice(0).map((server) => server.stop()));
      });

      async function start(durable = false) {
        const server = await RedisServerProcess.start({ durable });
        servers.push(server);
        return server;
      }

      async function open(url: string, options = {}) {
        const bus = await createRedisEventBus({
          url,
          keyPrefix,
          protocol,
          durability: 'ignore',
          ...options,
        });
        buses.push(bus);
        return bus;
      }

      it('dead-letters a poison message while the messages behind it keep flowing', async () => {
        const bus = await open((await start()).url);
        const topic = `${uniqueToken()}.orders`;
        const dead: BusMessage[] = [];
        await bus.subscribe(deadLetterTopic(topic), (message) => void dead.push(message));
        const good: number[] = [];
        const poisonAttempts: { attempt: number; goodSoFar: number }[] = [];
        await bus.subscribe(
          topic,
          (message) => {
            if (message.payload === 'poison') {
              poisonAttempts.push({ attempt: message.deliveryAttempt, goodSoFar: good.length });
              throw new Error(`cannot digest attempt ${message.deliveryAttempt}`);
            }
            good.push(message.payload as number);
          },
          { group: uniqueToken('g'), maxDeliveries: 3, backoff: () => 100 },
        );
        const { id } = await bus.publish(topic, { payload: 'poison' });
        for (let n = 0; n < 200; n++) await bus.publish(topic, { payload: n });

        await waitFor(() => dead.length === 1 && good.length === 200, {
          message: 'the dead letter and the 200 good messages',
        });
        expect(good.sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, n) => n));
        expect(poisonAttempts.map((seen) => seen.attempt)).toEqual([1, 2, 3]);
        // Good messages were handled between the poison message's attempts, not after them.
        expect(poisonAttempts[1]!.goodSoFar).toBeGreaterThan(0);
        const letter = readDeadLetter(dead[0]!.payload);
        expect(letter).toMatchObject({ originalTopic: topic, messageId: id, deliveryAttempts: 3 });
        expect(letter.error.message).toContain('cannot digest attempt 3');
      });

      it('gives up on a broker that is down at start after bounded retries, naming the URL without its password', async () => {
        const port = await freePort();
        const error = await expectRejectedCode(
          createRedisEventBus({
            url: `redis://app:s3cret-pw@127.0.0.1:${port}/0`,
            protocol,
            connectAttempts: 3,
          }),
          'CONNECTION_FAILED',
        );
        expect(error.retryable).toBe(true);
        expect(error.message).toContain(`redis://app:***@127.0.0.1:${port}/0`);
        expect(error.message).toContain('after 3 attempts');
        expect(error.message).not.toContain('s3cret-pw');
        expect(error.details).toMatchObject({ attempts: 3 });
      });

      it('connects when the broker comes up while it is still retrying', async () => {
        const server = await start();
        await server.kill();
        const bus = createRedisEventBus({
          url: server.url,
          keyPrefix,
          protocol,
          connectAttempts: 20,
          durability: 'ignore',
        });
        await server.restart();
        buses.push(await bus);
      });

      it('refuses to start when the server will not speak the protocol asked for, and says what to set', async () => {
        const server = await RedisServerProcess.start({ durable: false, refuseHello: true });
        servers.push(server);
        if (protocol === 3) {
          const error = await expectRejectedCode(open(server.url), 'INVALID_CONFIGURATION');
          expect(error.message).toContain(`127.0.0.1:${server.port} speaks RESP2`);
          expect(error.message).toContain('Set protocol: 2');
        } else {
          const bus = await open(server.url);
          const topic = `${uniqueToken()}.resp2`;
          const box: unknown[] = [];
          await bus.subscribe(topic, (message) => void box.push(message.payload));
          await bus.publish(topic, { payload: 'over RESP2' });
          await waitFor(() => box.length === 1);
        }
      });

      it('refuses a message over the size limit with PAYLOAD_TOO_LARGE before anything is published', async () => {
        const server = await start();
        const bus = await open(server.url, { maxMessageBytes: 1_024 });
        expect(bus.capabilities.maxMessageBytes).toBe(1_024);
        const topic = `${uniqueToken()}.big`;
        const error = await expectRejectedCode(
          bus.publish(topic, { payload: { text: 'x'.repeat(2_000) } }),
          'PAYLOAD_TOO_LARGE',
        );
        expect(error.details).toMatchObject({ kind: 'message', limit: 1_024 });
        const inspect = new Redis(server.url, { protocol });
        try {
          expect(await inspect.exists(`${keyPrefix}:stream`)).toBe(0);
          await bus.publish(topic, { payload: 'small' });
          expect(await inspect.xlen(`${keyPrefix}:stream`)).toBe(1);
        } finally {
          inspect.disconnect();
        }
      });

      it('bounds the publishes waiting for a lost connection and fails them with CONNECTION_FAILED', async () => {
        const server = await start();
        const bus = await open(server.url, { maxOfflineQueue: 3, maxRetriesPerRequest: 2 });
        const topic = `${uniqueToken()}.offline`;
        await bus.publish(topic, { payload: 'before' });
        await server.kill();
        await waitFor(async () => {
          const settled = await Promise.allSettled([bus.publish(topic, { payload: 'probe' })]);
          return settled[0].status === 'rejected';
        });
        const results = await Promise.allSettled(
          Array.from({ length: 5 }, (_, n) => bus.publish(topic, { payload: n })),
        );
        const errors = results.map((result) =>
          result.status === 'rejected' ? (result.reason as AgenticFlowError) : undefined,
        );
        expect(errors.every((error) => error?.code === 'CONNECTION_FAILED')).toBe(true);
        expect(errors.filter((error) => error?.message.includes('maxOfflineQueue'))).toHaveLength(
          2,
        );
        expect(errors.every((error) => error?.message.includes(`127.0.0.1:${server.port}`))).toBe(
          true,
        );

        await server.restart();
        await waitFor(
          async () =>
            (await Promise.allSettled([bus.publish(topic, { payload: 'after' })]))[0].status ===
            'fulfilled',
          { timeoutMs: 10_000, message: 'a publish after the broker is back' },
        );
      });
    },
  );
