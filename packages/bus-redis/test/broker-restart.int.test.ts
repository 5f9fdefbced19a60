import { describeUnlessSkipped, uniqueToken } from '@agenticflow/conformance';
import { waitFor } from '@agenticflow/core/testing';
import { afterEach, expect, it } from 'vitest';
import { createRedisEventBus, type RedisEventBus } from '../src/index.js';
import { RedisServerProcess } from './redis-server-process.js';
import { PROTOCOLS, redisServerSkip, uniquePrefix } from './redis-test-kit.js';

const MESSAGES = 1_000;

for (const protocol of PROTOCOLS)
  describeUnlessSkipped(`a broker restart over RESP${protocol}`, redisServerSkip, () => {
    const servers: RedisServerProcess[] = [];
    const buses: RedisEventBus[] = [];
    const keyPrefix = uniquePrefix();

    afterEach(async () => {
      await Promise.all(buses.splice(0).map((bus) => bus.close()));
      await Promise.all(servers.splice(0).map((server) => server.stop()));
    });

    async function open(server: RedisServerProcess, options = {}) {
      const bus = await createRedisEventBus({ url: server.url, keyPrefix, protocol, ...options });
      buses.push(bus);
      return bus;
    }

    it('loses no message when the server has appendonly yes: each of 1,000 in flight is handled at least once', async () => {
      const server = await RedisServerProcess.start({ durable: true });
      servers.push(server);
      const bus = await open(server, { durability: 'require' });
      expect(bus.capabilities.durable).toBe(true);
      const topic = `${uniqueToken()}.work`;
      const byGroup = new Uint16Array(MESSAGES);
      const byPlain = new Uint16Array(MESSAGES);
      const slow = () => new Promise((resolve) => setTimeout(resolve, 2));
      const countIn = (seen: Uint16Array) => async (message: { payload: unknown }) => {
        await slow();
        seen[message.payload as number]!++;
      };
      const handledOnce = (seen: Uint16Array) => seen.filter((times) => times > 0).length;
      for (let member = 0; member < 2; member++)
        await bus.subscribe(topic, countIn(byGroup), { group: 'workers', concurrency: 2 });
      await bus.subscribe(topic, countIn(byPlain), { concurrency: 4 });

      let next = 0;
      await Promise.all(
        Array.from({ length: 50 }, async () => {
          while (next < MESSAGES) await bus.publish(topic, { payload: next++ });
        }),
      );
      await waitFor(() => handledOnce(byGroup) >= 100, { message: 'the first hundred handled' });
      expect(handledOnce(byGroup)).toBeLessThan(MESSAGES);
      await server.restart();

      await waitFor(() => handledOnce(byGroup) === MESSAGES && handledOnce(byPlain) === MESSAGES, {
        timeoutMs: 20_000,
        message: `all ${MESSAGES} messages handled by the group and the plain subscriber`,
      });
      const received: number[] = [];
      await bus.subscribe(
        `${topic}-after`,
        (message) => void received.push(message.payload as number),
      );
      await bus.publish(`${topic}-after`, { payload: 7 });
      await waitFor(() => received.length === 1, {
        message: 'a message published after the restart',
      });
    });

    it('loses parked messages when the server has appendonly no, which is what the durability check warns about', async () => {
      const server = await RedisServerProcess.start({ durable: false });
      servers.push(server);
      const warnings: string[] = [];
      const bus = await open(server, {
        durability: 'warn',
        onWarning: (message: string) => warnings.push(message),
      });
      expect(bus.capabilities.durable).toBe(false);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('appendonly is "no"');
      expect(warnings[0]).toContain(`127.0.0.1:${server.port}`);

      const topic = `${uniqueToken()}.parked`;
      const group = uniqueToken('g');
      await (await bus.subscribe(topic, () => {}, { group })).unsubscribe();
      for (let n = 0; n < 20; n++) await bus.publish(topic, { payload: n });
      await server.restart();

      const later: unknown[] = [];
      const after = await open(server, { durability: 'ignore' });
      await after.subscribe(topic, (message) => void later.push(message.payload), { group });
      await after.publish(topic, { payload: 'after the restart' });
      await waitFor(() => later.length >= 1, {
        message: 'the message published after the restart',
      });
      expect(later).toEqual(['after the restart']);
    });
  });
