import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';

/** A message as the plain-JS floor delivers it. */
export interface PlainMessage {
  readonly id: string;
  readonly topic: string;
  readonly payload: unknown;
  readonly publishedAt: string;
  /** Always 1: the floor never redelivers. */
  readonly deliveryAttempt: 1;
}

/** Handles one message; resolving acknowledges it. */
export type PlainHandler = (message: PlainMessage) => void | Promise<void>;

/**
 * The C2 floor: the least an in-process bus must do, in plain JS. A `node:events` EventEmitter, a
 * JSON clone of the payload, an id and a time per message, and handlers whose promise is awaited
 * as the ack. No topic patterns, groups, ack timeouts or redelivery.
 */
export class PlainJsBus {
  private readonly emitter = new EventEmitter();

  async publish(topic: string, payload: unknown): Promise<string> {
    const message: PlainMessage = {
      id: randomUUID(),
      topic,
      payload: JSON.parse(JSON.stringify(payload)),
      publishedAt: new Date().toISOString(),
      deliveryAttempt: 1,
    };
    // Delivered on a microtask, as a bus hands messages over after publish returns.
    queueMicrotask(() => this.emitter.emit(topic, message));
    return message.id;
  }

  subscribe(topic: string, handler: PlainHandler, onError: (error: unknown) => void): void {
    this.emitter.on(topic, (message: PlainMessage) => {
      Promise.resolve()
        .then(() => handler(message))
        .catch(onError);
    });
  }
}
