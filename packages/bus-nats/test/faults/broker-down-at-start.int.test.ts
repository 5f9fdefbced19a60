import { describeUnlessSkipped } from '@agenticflow/conformance';
import { expectRejectedCode } from '@agenticflow/core/testing';
import { afterEach, expect, it } from 'vitest';
import { createNatsEventBus } from '../../src/index.js';
import { freePort, NatsServerProcess, natsServerMissing } from '../helpers/nats-server-process.js';

describeUnlessSkipped('a broker that is down at start', natsServerMissing(), () => {
  let server: NatsServerProcess | undefined;

  afterEach(async () => {
    await server?.destroy();
    server = undefined;
  });

  it('is retried a bounded number of times, then fails with an error naming the URL without its password', async () => {
    const port = await freePort();
    const startedAt = Date.now();
    const error = await expectRejectedCode(
      createNatsEventBus({ servers: `nats://app:s3cret@127.0.0.1:${port}`, connectAttempts: 3 }),
      'CONNECTION_FAILED',
    );
    // Three attempts with ≈ 0.25 s and ≈ 0.5 s pauses between them.
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(500);
    expect(error.retryable).toBe(true);
    expect(error.message).toContain(`nats://app:***@127.0.0.1:${port}`);
    expect(error.message).toContain('after 3 attempts');
    expect(error.message).not.toContain('s3cret');
    expect(JSON.stringify(error.details)).not.toContain('s3cret');
  });

  it('connects when the broker comes up during the retries', async () => {
    server = await NatsServerProcess.start();
    await server.stop();
    const starting = createNatsEventBus({
      servers: server.url,
      streamPrefix: 'LATE',
      connectAttempts: 8,
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await server.launch();
    const bus = await starting;
    expect((await bus.publish('late.hello', { payload: 1 })).duplicate).toBe(false);
    await bus.close();
  });
});
