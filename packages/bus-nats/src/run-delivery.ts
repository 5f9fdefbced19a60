import {
  type BusMessage,
  isDeadLetterTopic,
  type JsonValue,
  LazyDeliveryContext,
  type MessageHandler,
  otelApi,
  processWithSpan,
  type ResolvedBusSubscribeOptions,
  TimeoutError,
  ValidationError,
} from '@agenticflow/core';
import type { Msg } from '@nats-io/nats-core';
import { ACK, type DeliveryInfo, nakBody, parseAckSubject, TERM, WORKING } from './ack-subject.js';
import { decodeHeaders } from './nats-headers.js';
import { toTopic } from './subjects.js';

/** What one subscription gives {@link runDelivery}. */
export interface DeliveryHost {
  readonly prefix: string;
  readonly options: ResolvedBusSubscribeOptions;
  readonly handler: MessageHandler;
  /** Least milliseconds between two `+WPI` sent for one delivery (see `working()`). */
  readonly workingIntervalMs: number;
  /** Sends an acknowledgement body to the delivery's reply subject. */
  reply(msg: Msg, body: string): void;
  /** Publishes the dead letter of a message whose last allowed attempt failed; throws on failure. */
  deadLetter(message: BusMessage, error: unknown, info: DeliveryInfo): Promise<void>;
  /** Failures with no caller to go to. */
  report(error: unknown, message: { readonly topic: string; readonly id: string }): void;
  /** Called with each delivery's stream sequence (to resume a lost consumer after it). */
  seen(info: DeliveryInfo): void;
}

const decoder = new TextDecoder();

/**
 * Delivers one JetStream message to the handler and answers the server: `+ACK` when it resolves;
 * on a throw, or when it runs past `ackTimeoutMs` (its signal is aborted), `-NAK` with the backoff
 * delay, or, on the last allowed attempt, the dead letter then `+TERM`. Resolves once the delivery
 * is settled, which may be before a timed-out handler returns.
 */
export async function runDelivery(msg: Msg, host: DeliveryHost): Promise<void> {
  const info = parseAckSubject(msg.reply);
  if (!info) return;
  host.seen(info);
  const decoded = decodeMessage(host.prefix, msg, info);
  if ('error' in decoded) {
    await fail(msg, decoded.message, decoded.error, info, host, true);
    return;
  }
  const message = decoded.message;
  const { maxDeliveries } = host.options;
  if (info.deliveryCount > maxDeliveries) {
    const error = new TimeoutError(
      `message ${message.id} on ${message.topic} came back for delivery ${info.deliveryCount}, past maxDeliveries ${maxDeliveries}: its last attempt never answered (the handler timed out, its process stopped, or its dead letter could not be published)`,
    );
    await fail(msg, message, error, info, host, true);
    return;
  }
  const error = await runHandler(msg, message, host);
  if (error === undefined) host.reply(msg, ACK);
  else await fail(msg, message, error.value, info, host, info.deliveryCount >= maxDeliveries);
}

async function fail(
  msg: Msg,
  message: BusMessage,
  error: unknown,
  info: DeliveryInfo,
  host: DeliveryHost,
  last: boolean,
): Promise<void> {
  if (!last) {
    host.reply(msg, nakBody(host.options.backoff(info.deliveryCount)));
    return;
  }
  if (isDeadLetterTopic(message.topic)) {
    // A dead letter is not dead-lettered again: its failure goes to onError.
    host.report(error, message);
    host.reply(msg, TERM);
    return;
  }
  try {
    await host.deadLetter(message, error, info);
    host.reply(msg, TERM);
  } catch (deadLetterError) {
    host.report(deadLetterError, message);
    host.reply(msg, nakBody(host.options.backoff(info.deliveryCount)));
  }
}

/** Runs the handler under the ack timeout; resolves to `{ value }` on failure, else undefined. */
function runHandler(
  msg: Msg,
  message: BusMessage,
  host: DeliveryHost,
): Promise<{ value: unknown } | undefined> {
  const { ackTimeoutMs } = host.options;
  return new Promise((resolve) => {
    let settled = false;
    let workingSentAt = Date.now();
    const context = new LazyDeliveryContext(() => {
      if (settled) return;
      timer.refresh();
      const now = Date.now();
      if (now - workingSentAt >= host.workingIntervalMs) {
        workingSentAt = now;
        host.reply(msg, WORKING);
      }
    });
    const timer = setTimeout(() => {
      const timedOut = new TimeoutError(
        `handler for ${message.topic} (message ${message.id}) did not finish within ackTimeoutMs ${ackTimeoutMs}: call working() from long handlers or raise ackTimeoutMs`,
      );
      context.abort(timedOut);
      finish({ value: timedOut });
    }, ackTimeoutMs);
    function finish(outcome: { value: unknown } | undefined) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    }

    try {
      const otel = otelApi();
      const handled =
        otel === undefined
          ? host.handler(message, context)
          : processWithSpan(otel, 'nats', host.options.group, host.handler, message, context);
      Promise.resolve(handled).then(
        () => finish(undefined),
        (error: unknown) => finish({ value: error }),
      );
    } catch (error) {
      finish({ value: error });
    }
  });
}

type Decoded = { message: BusMessage } | { message: BusMessage; error: ValidationError };

/**
 * Reads a delivery back into a {@link BusMessage}. A message this bus did not write (no JSON body)
 * cannot reach a handler: it is returned with the error that dead-letters it, its body as text.
 */
function decodeMessage(prefix: string, msg: Msg, info: DeliveryInfo): Decoded {
  const { id, headers } = decodeHeaders(msg.headers);
  const text = decoder.decode(msg.data);
  const base = {
    id: id ?? `${info.stream}-${info.streamSequence}`,
    topic: toTopic(prefix, msg.subject) ?? msg.subject,
    headers,
    publishedAt: new Date(info.storedAtMs).toISOString(),
    deliveryAttempt: info.deliveryCount,
  };
  try {
    return { message: Object.freeze({ ...base, payload: JSON.parse(text) as JsonValue }) };
  } catch (cause) {
    const error = new ValidationError(
      `message ${base.id} on ${msg.subject} is not JSON, so no handler can take it`,
      [{ path: ['payload'], message: `must be JSON, got ${JSON.stringify(text.slice(0, 80))}` }],
      { cause },
    );
    return { message: Object.freeze({ ...base, payload: text }), error };
  }
}
