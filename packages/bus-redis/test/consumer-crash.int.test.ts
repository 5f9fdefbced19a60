import { describeUnlessSkipped, uniqueToken } from '@agenticflow/conformance';
import { type BusMessage, deadLetterTopic, readDeadLetter } from '@agenticflow/core';
import { waitFor } from '@agenticflow/core/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createRedisEventBus, type RedisEventBus } from '../src/index.js';
import { MemberProcess } from './member-process.js';
import { RedisServerProcess } from './redis-server-process.js';
import { PROTOCOLS, redisServerSkip, uniquePrefix } from './redis-test-kit.js';

const ACK_TIMEOUT_MS = 1_000;

for (const protocol of PROTOCOLS)
  describeUnlessSkipped(
    `a group member killed mid-handler, over RESP${protocol}`,
    redisServerSkip,
    () => {
      let server: RedisServerProcess;
      let bus: RedisEventBus;
      let member: MemberProcess | undefined;
      const keyPrefix = uniquePrefix();

      beforeEach(async () => {
        server = await RedisServerProcess.start({ durable: false });
        bus = await createRedisEventBus({
          url: server.url,
          keyPrefix,
          protocol,
          durability: 'ignore',
        });
      });

      afterEach(async () => {
        await member?.kill();
        await bus.close();
        await server.stop();
      });

      it('has its message delivered to another member of the group, as attempt 2', async () => {
        const topic = `${uniqueToken()}.work`;
        const group = uniqueToken('g');
        member = new MemberProcess({
          url: server.url,
          keyPrefix,
          topic,
          group,
          ackTimeoutMs: ACK_TIMEOUT_MS,
          protocol,
          mode: 'hang',
        });
        await member.next('ready');
        const { id } = await bus.publish(topic, { payload: { job: 1 } });
        const started = await member.next('started');
        expect(started).toMatchObject({ id, attempt: 1 });

        const survivor: BusMessage[] = [];
        await bus.subscribe(topic, (message) => void survivor.push(message), {
          group,
          ackTimeoutMs: ACK_TIMEOUT_MS,
        });
        expect(await member.kill()).toBe('SIGKILL');

        await waitFor(() => survivor.length === 1, {
          timeoutMs: 10_000,
          message: 'the killed member’s message at the survivor',
        });
        expect(survivor[0]).toMatchObject({ id, topic, payload: { job: 1 }, deliveryAttempt: 2 });
      });

      it('dead-letters a message that kills every member handling it, without running it again', async () => {
        const topic = `${uniqueToken()}.poison`;
        const group = uniqueToken('g');
        const dead: BusMessage[] = [];
        await bus.subscribe(deadLetterTopic(topic), (message) => void dead.push(message));
        member = new MemberProcess({
          url: server.url,
          keyPrefix,
          topic,
          group,
          ackTimeoutMs: ACK_TIMEOUT_MS,
          protocol,
          mode: 'crash',
        });
        await member.next('ready');
        const { id } = await bus.publish(topic, { payload: 'poison' });
        expect(await member.exit()).toBe('SIGKILL');
        expect(member.events.filter((event) => event.event === 'started')).toHaveLength(1);

        // maxDeliveries 1 is used up by the member that died; the next claim must not run it again.
        const ran: BusMessage[] = [];
        await bus.subscribe(topic, (message) => void ran.push(message), {
          group,
          ackTimeoutMs: ACK_TIMEOUT_MS,
          maxDeliveries: 1,
        });
        await waitFor(() => dead.length === 1, { timeoutMs: 10_000, message: 'the dead letter' });
        expect(ran).toHaveLength(0);
        const letter = readDeadLetter(dead[0]!.payload);
        expect(letter).toMatchObject({
          originalTopic: topic,
          messageId: id,
          deliveryAttempts: 2,
          group,
        });
        expect(letter.error.message).toContain('delivered 2 times without being acknowledged');
      });
    },
  );
