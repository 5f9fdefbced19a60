/** What JetStream says about one delivery, read from the message's `$JS.ACK…` reply subject. */
export interface DeliveryInfo {
  readonly stream: string;
  readonly consumer: string;
  /** 1 on the first delivery to this consumer, then 2, 3… */
  readonly deliveryCount: number;
  readonly streamSequence: number;
  /** When the server stored the message, in milliseconds since the epoch. */
  readonly storedAtMs: number;
}

/**
 * Parses `$JS.ACK.<stream>.<consumer>.<delivered>.<sseq>.<dseq>.<ns>.<pending>` and the newer form
 * with a domain and an account hash after `ACK`. `undefined` when `reply` is not an ack subject.
 */
export function parseAckSubject(reply: string | undefined): DeliveryInfo | undefined {
  if (!reply?.startsWith('$JS.ACK.')) return undefined;
  const tokens = reply.split('.');
  const base = tokens.length === 9 ? 2 : tokens.length >= 11 ? 4 : -1;
  if (base < 0) return undefined;
  const deliveryCount = Number(tokens[base + 2]);
  const streamSequence = Number(tokens[base + 3]);
  const storedAtMs = Math.floor(Number(tokens[base + 5]) / 1e6);
  if (!(deliveryCount >= 1 && streamSequence >= 1 && storedAtMs >= 0)) return undefined;
  return {
    stream: tokens[base]!,
    consumer: tokens[base + 1]!,
    deliveryCount,
    streamSequence,
    storedAtMs,
  };
}

/** Acknowledgement bodies of the JetStream protocol. */
export const ACK = '+ACK';
export const TERM = '+TERM';
export const WORKING = '+WPI';
/** A negative acknowledgement asking for redelivery after `delayMs`. */
export function nakBody(delayMs: number): string {
  return delayMs > 0 ? `-NAK ${JSON.stringify({ delay: Math.round(delayMs * 1e6) })}` : '-NAK';
}
