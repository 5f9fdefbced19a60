import { describeUnlessSkipped, uniqueToken } from '@agenticflow/conformance';
import type { BusMessage } from '@agenticflow/core';
import { expectRejectedCode, waitFor } from '@agenticflow/core/testing';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createRedisEventBus, RedisEventBus, type RedisEventBusOptions } from '../src/index.js';
import { mapField } from '../src/redis-replies.js';
import { deletePrefix, PROTOCOLS, redisSkip, redisUrl, uniquePrefix } from './redis-test-kit.js';

for (const protocol of PROTOCOLS)
  describeUnlessSkipped(`RedisEventBus on the shared Redis over RESP${protocol}`, redisSkip, () => {
    const keyPrefix = uniquePrefix();
    const stream = `${keyPrefix}:stream`;
    const buses: RedisEventBus[] = [];
    // What buses opened by open() report to onError; a test that expects reports passes its own.
    const reported: string[] = [];
    let redis: Redis;

    beforeAll(() => {
      redis = new Redis(redisUrl, { protocol });
    });
    afterEach(async () => {
      await Promise.all(buses.splice(0).map((bus) => bus.close()));
      // Every reply shape is read without a hitch: a misread one would be reported here even
      // when the bus recovers the messages.
      expect(reported.splice(0)).toEqual([]);
    });
    afterAll(async () => {
      redis.disconnect();
      await deletePrefix(keyPrefix);
    });

    async function open(options: Partial<RedisEventBusOptions> = {}) {
      const bus = await createRedisEventBus({
        url: redisUrl,
        keyPrefix,
        protocol,
        durability: 'ignore',
        onError: (error, context) => reported.push(`${context.what}: ${String(error)}`),
        ...options,
      });
      buses.push(bus);
      return bus;
    }

    async function groupNames(key = stream): Promise<string[]> {
      const rows = (await redis.xinfo('GROUPS', key)) as unknown[];
      return rows.map((row) => mapField(row, 'name') as string);
    }

    it('stores a message as one stream entry whose id gives the publish time', async () => {
      const bus = await open();
      const topic = `${uniqueToken()}.stored`;
      const box: BusMessage[] = [];
      await bus.subscribe(topic, (message) => void box.push(message));
      const { id } = await bus.publish(topic, { payload: { a: 1 }, headers: { h: 'v' } });
      await waitFor(() => box.length === 1);
      const entries = await redis.xrange(stream, '-', '+');
      const [entryId, fields] = entries.find(([, fields]) => fields[1]!.startsWith(`${topic}\n`))!;
      expect(fields).toEqual(['m', `${topic}\n["${id}",{"a":1},{"h":"v"}]`]);
      expect(box[0]!.publishedAt).toBe(new Date(Number(entryId.split('-')[0])).toISOString());
    });

    it('trims each stream to about retention.maxLength entries', async () => {
      const prefix = uniquePrefix();
      const bus = await open({ keyPrefix: prefix, retention: { maxLength: 100 } });
      for (let n = 0; n < 1_000; n++) await bus.publish(`${uniqueToken()}.trim`, { payload: n });
      await waitFor(async () => (await redis.xlen(`${prefix}:stream`)) < 300, {
        message: 'the stream trimmed to about 100 entries',
      });
      expect(await redis.xlen(`${prefix}:stream`)).toBeGreaterThanOrEqual(100);
      await deletePrefix(prefix);
    });

    it('trims entries older than retention.maxAgeMs', async () => {
      const prefix = uniquePrefix();
      const bus = await open({ keyPrefix: prefix, retention: { maxAgeMs: 200 } });
      for (let n = 0; n < 300; n++) await bus.publish(`${uniqueToken()}.old`, { payload: n });
      expect(await redis.xlen(`${prefix}:stream`)).toBeGreaterThanOrEqual(300);
      // The age is the behaviour under test: wait until the entries are older than maxAgeMs and the
      // bus's next trim is due (at most a second after its last).
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      await bus.publish(`${uniqueToken()}.new`, { payload: 'new' });
      await waitFor(async () => (await redis.xlen(`${prefix}:stream`)) < 150, {
        message: 'the old entries trimmed',
      });
      await deletePrefix(prefix);
    });

    it("destroys a plain subscription's private group on unsubscribe but keeps a group's", async () => {
      const bus = await open();
      const topic = `${uniqueToken()}.groups`;
      const group = uniqueToken('g');
      const plain = await bus.subscribe(topic, () => {});
      const member = await bus.subscribe(topic, () => {}, { group });
      const before = await groupNames();
      expect(before).toContain(`p:${(plain as unknown as { id: string }).id}`);
      expect(before).toContain(`g:${group}:${topic}`);
      await plain.unsubscribe();
      await member.unsubscribe();
      const after = await groupNames();
      expect(after).not.toContain(`p:${(plain as unknown as { id: string }).id}`);
      expect(after).toContain(`g:${group}:${topic}`);
      const consumers = (await redis.xinfo(
        'CONSUMERS',
        stream,
        `g:${group}:${topic}`,
      )) as unknown[];
      expect(consumers).toHaveLength(0);
    });

    it('lets many members create the same group at once (the BUSYGROUP race) and still delivers each message once', async () => {
      const topic = `${uniqueToken()}.race`;
      const group = uniqueToken('g');
      const members = await Promise.all(Array.from({ length: 8 }, () => open()));
      const seen: string[] = [];
      await Promise.all(
        members.map((bus) =>
          bus.subscribe(topic, (message) => void seen.push(message.id), { group }),
        ),
      );
      expect((await groupNames()).filter((name) => name === `g:${group}:${topic}`)).toHaveLength(1);
      for (let n = 0; n < 40; n++) await members[n % 8]!.publish(topic, { payload: n });
      await waitFor(() => seen.length >= 40);
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect(new Set(seen).size).toBe(40);
      expect(seen).toHaveLength(40);
    });

    it('hands a failed message back to the group when its member leaves during the backoff', async () => {
      const bus = await open();
      const topic = `${uniqueToken()}.handback`;
      const group = uniqueToken('g');
      const first: number[] = [];
      const leaving = await bus.subscribe(
        topic,
        (message) => {
          first.push(message.deliveryAttempt);
          throw new Error('fails, then leaves');
        },
        { group, backoff: () => 60_000 },
      );
      await bus.publish(topic, { payload: 1 });
      await waitFor(() => first.length === 1);
      await leaving.unsubscribe();
      const second: BusMessage[] = [];
      await bus.subscribe(topic, (message) => void second.push(message), {
        group,
        ackTimeoutMs: 1_000,
      });
      await waitFor(() => second.length === 1, { message: 'the handed-back message' });
      expect(second[0]!.deliveryAttempt).toBe(2);
    });

    it('keeps other members from claiming a message while its handler reports working()', async () => {
      const topic = `${uniqueToken()}.busy`;
      const group = uniqueToken('g');
      const attempts: string[] = [];
      const options = { group, ackTimeoutMs: 600 };
      const busy = await open();
      const idle = await open();
      await busy.subscribe(
        topic,
        async (_message, context) => {
          attempts.push('busy');
          for (let tick = 0; tick < 15; tick++) {
            await new Promise((resolve) => setTimeout(resolve, 100));
            context.working();
          }
        },
        options,
      );
      await busy.publish(topic, { payload: 1 });
      await waitFor(() => attempts.length === 1);
      await idle.subscribe(topic, () => void attempts.push('idle'), options);
      await new Promise((resolve) => setTimeout(resolve, 1_600));
      expect(attempts).toEqual(['busy']);
    });

    it('sweeps away the private group of a plain subscription whose process died', async () => {
      const prefix = uniquePrefix();
      const key = `${prefix}:stream`;
      const alive = `p:${uniqueToken('alive')}`;
      await redis.xgroup('CREATE', key, 'p:abandoned', '$', 'MKSTREAM');
      await redis.xgroup('CREATE', key, alive, '$');
      await redis.set(`${prefix}:live:${alive.slice(2)}`, '1', 'PX', 60_000);
      await open({ keyPrefix: prefix });
      await waitFor(async () => !(await groupNames(key)).includes('p:abandoned'));
      expect(await groupNames(key)).toContain(alive);
      await deletePrefix(prefix);
    });

    it('acknowledges and reports an entry another program wrote to the stream, and goes on', async () => {
      const errors: string[] = [];
      const bus = await open({ onError: (error) => errors.push(String(error)) });
      const topic = `${uniqueToken()}.foreign`;
      const box: unknown[] = [];
      await bus.subscribe(topic, (message) => void box.push(message.payload));
      await redis.xadd(stream, '*', 'something', 'else');
      await redis.xadd(stream, '*', 'm', 'no line break');
      await bus.publish(topic, { payload: 'ours' });
      await waitFor(() => box.length === 1 && errors.length >= 1);
      expect(errors.join()).toContain('not written by a RedisEventBus');
    });

    it("refuses to start with durability 'require' on a server with appendonly no", async () => {
      const appendOnly = (await redis.config('GET', 'appendonly')) as string[];
      expect(appendOnly[1]).toBe('no');
      const error = await expectRejectedCode(
        createRedisEventBus({ url: redisUrl, keyPrefix, protocol, durability: 'require' }),
        'INVALID_CONFIGURATION',
      );
      expect(error.message).toContain('appendonly is "no"');
      expect(error.message).toContain(new URL(redisUrl).host);
    });

    it("reports durable: false, without a warning, under durability 'ignore'", async () => {
      const warnings: string[] = [];
      const bus = await open({ durability: 'ignore', onWarning: (text) => warnings.push(text) });
      expect(bus.capabilities).toMatchObject({ durable: false, crossProcess: true });
      expect(warnings).toEqual([]);
    });

    it('leaves a client the caller owns open on close, and reads through duplicates of it', async () => {
      const client = new Redis(redisUrl, { protocol });
      try {
        const bus = await createRedisEventBus({ client, keyPrefix, durability: 'ignore' });
        const topic = `${uniqueToken()}.owned`;
        const box: unknown[] = [];
        await bus.subscribe(topic, (message) => void box.push(message.payload));
        await bus.publish(topic, { payload: 1 });
        await waitFor(() => box.length === 1);
        await bus.close();
        expect(client.status).toBe('ready');
        expect(await client.ping()).toBe('PONG');
      } finally {
        client.disconnect();
      }
    });

    it('connects on first use when made with new', async () => {
      const bus = new RedisEventBus({ url: redisUrl, keyPrefix, protocol, durability: 'ignore' });
      buses.push(bus);
      const topic = `${uniqueToken()}.lazy`;
      const box: unknown[] = [];
      await bus.subscribe(topic, (message) => void box.push(message.payload));
      await bus.publish(topic, { payload: 'lazy' });
      await waitFor(() => box.length === 1);
    });

    it(`speaks RESP${protocol} on every connection it opens, the blocking readers included`, async () => {
      const prefix = uniquePrefix();
      const bus = await open({ keyPrefix: prefix });
      await bus.subscribe(`${uniqueToken()}.a`, () => {});
      await bus.subscribe(`${uniqueToken()}.b`, () => {}, { group: uniqueToken('g') });
      const mine = ((await redis.call('CLIENT', 'LIST')) as string)
        .split('\n')
        .filter(
          (line) => / name=agenticflow-bus(-reader)?@/.test(line) && line.includes(`@${prefix} `),
        );
      expect(mine).toHaveLength(3);
      for (const line of mine) expect(line).toMatch(new RegExp(` resp=${protocol}(\\s|$)`));
      await bus.close();
      await deletePrefix(prefix);
    });

    it(`reads through a client the caller owns whose RESP${protocol} maps arrive as plain objects`, async () => {
      const client =
        protocol === 3
          ? new Redis(redisUrl, { protocol: 3, replyMapping: 'resp3' })
          : new Redis(redisUrl, { protocol: 2 });
      try {
        const prefix = uniquePrefix();
        const bus = await createRedisEventBus({
          client,
          keyPrefix: prefix,
          durability: 'ignore',
          onError: (error, context) => reported.push(`${context.what}: ${String(error)}`),
        });
        buses.push(bus);
        const topic = `${uniqueToken()}.mapped`;
        const box: BusMessage[] = [];
        await bus.subscribe(topic, (message) => void box.push(message));
        await bus.subscribe(topic, (message) => void box.push(message), {
          group: uniqueToken('g'),
        });
        await bus.publish(topic, { payload: { n: 1 } });
        await waitFor(() => box.length === 2);
        expect(box.map((message) => message.payload)).toEqual([{ n: 1 }, { n: 1 }]);
        await bus.close();
        await deletePrefix(prefix);
      } finally {
        client.disconnect();
      }
    });
  });
