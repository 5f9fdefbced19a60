import { describeUnlessSkipped } from '@agenticflow/conformance';
import { expectRejectedCode } from '@agenticflow/core/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createNatsEventBus, type NatsEventBus } from '../../src/index.js';
import { NatsServerProcess, natsServerMissing } from '../helpers/nats-server-process.js';

const MAX_PAYLOAD = 4_096;

describeUnlessSkipped('a message over the size limit', natsServerMissing(), () => {
  let server: NatsServerProcess;
  let bus: NatsEventBus;

  beforeEach(async () => {
    server = await NatsServerProcess.start({ extraConfig: `max_payload: ${MAX_PAYLOAD}` });
    bus = await createNatsEventBus({ servers: server.url, streamPrefix: 'LARGE' });
  });

  afterEach(async () => {
    await bus.close();
    await server.destroy();
  });

  async function storedMessages(): Promise<number> {
    const nc = await connect({ servers: server.url });
    try {
      return (await (await jetstreamManager(nc)).streams.info('LARGE')).state.messages;
    } finally {
      await nc.close();
    }
  }

  it("takes its limit from the server's max_payload, less room for the NATS headers", () => {
    expect(bus.capabilities.maxMessageBytes).toBe(MAX_PAYLOAD - 256);
  });

  it('is refused with PAYLOAD_TOO_LARGE before anything is published', async () => {
    const error = await expectRejectedCode(
      bus.publish('files.upload', { payload: 'x'.repeat(MAX_PAYLOAD) }),
      'PAYLOAD_TOO_LARGE',
    );
    expect(error.details).toMatchObject({ kind: 'message', limit: MAX_PAYLOAD - 256 });
    expect(error.message).toContain('files.upload');
    expect(await storedMessages()).toBe(0);
    await bus.publish('files.upload', { payload: 'small' });
    expect(await storedMessages()).toBe(1);
  });

  it('is refused when headers that NATS must escape push it past max_payload', async () => {
    // Each "\n" is 2 bytes of JSON but 3 once URI-encoded for a NATS header.
    const value = '\n'.repeat(1_800);
    const error = await expectRejectedCode(
      bus.publish('files.upload', { payload: 1, headers: { note: value } }),
      'PAYLOAD_TOO_LARGE',
    );
    expect(error.details).toMatchObject({ kind: 'message', limit: MAX_PAYLOAD });
    expect(await storedMessages()).toBe(0);
  });
});
