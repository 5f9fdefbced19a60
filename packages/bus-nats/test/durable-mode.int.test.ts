import { describeUnlessSkipped } from '@agenticflow/conformance';
import { expectRejectedCode } from '@agenticflow/core/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readJetStreamVarz } from '../src/check-write-sync.js';
import { createNatsEventBus } from '../src/index.js';
import { NatsServerProcess, natsServerMissing } from './helpers/nats-server-process.js';

describeUnlessSkipped('durableMode', natsServerMissing(), () => {
  let server: NatsServerProcess;

  beforeAll(async () => {
    server = await NatsServerProcess.start({ monitor: true });
  });

  afterAll(async () => {
    await server.destroy();
  });

  it("'require' refuses to start on a server that does not fsync every write, saying why", async () => {
    const error = await expectRejectedCode(
      createNatsEventBus({
        servers: server.url,
        streamPrefix: 'REQUIRE',
        durableMode: 'require',
        monitorUrl: server.monitorUrl,
      }),
      'INVALID_CONFIGURATION',
    );
    expect(error.message).toContain(`nats-server`);
    expect(error.message).toContain(server.url);
    expect(error.message).toContain('sync_interval: always');
    expect(error.message).toContain("durableMode 'warn' or 'off'");
  });

  it("'require' refuses a stream kept in memory", async () => {
    const error = await expectRejectedCode(
      createNatsEventBus({
        servers: server.url,
        streamPrefix: 'MEMORY',
        storage: 'memory',
        durableMode: 'require',
      }),
      'INVALID_CONFIGURATION',
    );
    expect(error.message).toMatch(/stream MEMORY is kept in memory/);
  });

  it("'warn' starts, and emits a process warning saying what can be lost", async () => {
    const warnings: Error[] = [];
    const listener = (warning: Error) => warnings.push(warning);
    process.on('warning', listener);
    try {
      const bus = await createNatsEventBus({
        servers: server.url,
        streamPrefix: 'WARN',
        durableMode: 'warn',
      });
      await bus.publish('still.works', { payload: 1 });
      await bus.close();
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', listener);
    }
    const warning = warnings.find(
      (candidate) => (candidate as { code?: string }).code === 'AGENTICFLOW_NATS_WRITES_NOT_SYNCED',
    );
    expect(warning?.message).toMatch(/not durable against OS crashes/);
  });

  it("'off', the default, starts without a warning and reports a file stream as durable", async () => {
    const warnings: Error[] = [];
    const listener = (warning: Error) => warnings.push(warning);
    process.on('warning', listener);
    try {
      const bus = await createNatsEventBus({ servers: server.url, streamPrefix: 'OFF' });
      expect(bus.capabilities.durable).toBe(true);
      await bus.close();
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', listener);
    }
    expect(warnings).toEqual([]);
  });

  it("reads the server's JetStream configuration from its monitoring endpoint", async () => {
    const read = await readJetStreamVarz(server.monitorUrl);
    expect(read.varzProblem).toBeUndefined();
    expect(read.varz).toHaveProperty('store_dir');
    const unreachable = await readJetStreamVarz('http://127.0.0.1:1');
    expect(unreachable.varz).toBeUndefined();
    expect(unreachable.varzProblem).toContain('http://127.0.0.1:1/varz could not be read');
  });
});
