import { describeUnlessSkipped } from '@agenticflow/conformance';
import { type BusMessage, deadLetterTopic, readDeadLetter } from '@agenticflow/core';
import { waitFor } from '@agenticflow/core/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createNatsEventBus, type NatsEventBus } from '../../src/index.js';
import { type MemberProcess, startMember } from '../helpers/member-process.js';
import { NatsServerProcess, natsServerMissing } from '../helpers/nats-server-process.js';

const ACK_TIMEOUT_MS = 1_500;

describeUnlessSkipped('a group member killed with SIGKILL mid-handler', natsServerMissing(), () => {
  let server: NatsServerProcess;
  let bus: NatsEventBus;
  let member: MemberProcess | undefined;
  const streamPrefix = 'KILLED';

  beforeEach(async () => {
    server = await NatsServerProcess.start();
    bus = await createNatsEventBus({ servers: server.url, streamPrefix });
  });

  afterEach(async () => {
    await member?.kill();
    await bus.close();
    await server.destroy();
  });

  it('has its message delivered to another member of the group', async () => {
    member = await startMember({
      url: server.url,
      streamPrefix,
      topic: 'jobs.run',
      group: 'workers',
      maxDeliveries: 5,
      ackTimeoutMs: ACK_TIMEOUT_MS,
    });
    const { id } = await bus.publish('jobs.run', { payload: { job: 1 } });
    expect(await member.line('started')).toBe(`started ${id} 1`);
    await member.kill();

    const received: BusMessage[] = [];
    await bus.subscribe('jobs.run', (message) => void received.push(message), {
      group: 'workers',
      ackTimeoutMs: ACK_TIMEOUT_MS,
    });
    await waitFor(() => received.length === 1, {
      timeoutMs: 15_000,
      message: 'the killed member’s message at the surviving member',
    });
    expect(received[0]).toMatchObject({ id, payload: { job: 1 }, deliveryAttempt: 2 });
  });

  it('dead-letters a message whose last allowed attempt died with its process', async () => {
    member = await startMember({
      url: server.url,
      streamPrefix,
      topic: 'jobs.last',
      group: 'workers',
      maxDeliveries: 1,
      ackTimeoutMs: ACK_TIMEOUT_MS,
    });
    const dead: BusMessage[] = [];
    await bus.subscribe(deadLetterTopic('jobs.last'), (message) => void dead.push(message));
    const { id } = await bus.publish('jobs.last', { payload: 'fatal' });
    await member.line('started');
    await member.kill();

    const handled: BusMessage[] = [];
    await bus.subscribe('jobs.last', (message) => void handled.push(message), {
      group: 'workers',
      maxDeliveries: 1,
      ackTimeoutMs: ACK_TIMEOUT_MS,
    });
    await waitFor(() => dead.length === 1, { timeoutMs: 15_000, message: 'a dead letter' });
    const letter = readDeadLetter(dead[0]!.payload);
    expect(letter).toMatchObject({ messageId: id, group: 'workers', deliveryAttempts: 2 });
    expect(letter.error.code).toBe('TIMEOUT');
    expect(letter.error.message).toMatch(/past maxDeliveries 1/);
    expect(handled).toHaveLength(0);
  });
});
