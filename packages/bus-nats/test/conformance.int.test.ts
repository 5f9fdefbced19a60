import { describeEventBusConformance, unreachableReason } from '@agenticflow/conformance';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { afterAll } from 'vitest';
import { createNatsEventBus } from '../src/index.js';
import { deleteStreams, natsUrl, uniquePrefix } from './helpers/nats-test-kit.js';

const skip = await unreachableReason(natsUrl);
const defaults = uniquePrefix();
const variant = uniquePrefix();
let owned: NatsConnection | undefined;

describeEventBusConformance({
  name: 'nats',
  skip,
  create: () => createNatsEventBus({ servers: natsUrl, streamPrefix: defaults }),
});

describeEventBusConformance({
  name: 'nats (a connection the caller owns, interest retention)',
  skip,
  create: async () => {
    owned ??= await connect({ servers: natsUrl });
    return createNatsEventBus({ connection: owned, streamPrefix: variant, retention: 'interest' });
  },
});

afterAll(async () => {
  await owned?.close();
  if (!skip) await deleteStreams(natsUrl, [defaults, variant]);
});
