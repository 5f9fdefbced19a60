export { classifyRedisError, type RedisErrorKind } from './classify-redis-error.js';
export { createRedisEventBus, RedisEventBus } from './redis-event-bus.js';
export type {
  RedisBusErrorContext,
  RedisDurability,
  RedisEventBusOptions,
  RedisStreamRetention,
  RespVersion,
} from './redis-event-bus-options.js';
