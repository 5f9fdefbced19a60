import { AgenticFlowError } from '../errors/agenticflow-error.js';
import { TimeoutError } from '../errors/core-errors.js';
import { processWithSpan } from '../tracing/bus-spans.js';
import { otelApi } from '../tracing/otel-api.js';
import type { BusMessage, MessageHandler } from './event-bus.js';
import { LazyDeliveryContext } from './lazy-delivery-context.js';
import type { ResolvedBusSubscribeOptions } from './subscribe-options.js';

/** One subscriber of a {@link DeliveryQueue}. */
export interface QueueMember {
  readonly handler: MessageHandler;
  readonly concurrency: number;
  active: number;
  readonly inFlight: Set<Promise<void>>;
}

/** What a queue needs from its bus. */
export interface DeliveryHost {
  /** A message failed its last allowed attempt. */
  deadLetter(message: BusMessage, group: string | undefined, error: unknown): void;
}

interface Entry {
  readonly message: BusMessage;
}

/**
 * The messages owed to one plain subscription or one group, and the members that take them.
 * Each message goes to one member; failures come back after the backoff with a higher attempt.
 */
export class DeliveryQueue {
  readonly members: QueueMember[] = [];
  private readonly pending: Entry[] = [];
  private readonly retryTimers = new Set<ReturnType<typeof setTimeout>>();
  private head = 0;
  private nextMember = 0;
  private scheduled = false;
  private stopped = false;

  constructor(
    readonly pattern: string,
    readonly options: ResolvedBusSubscribeOptions,
    private readonly host: DeliveryHost,
  ) {}

  enqueue(message: BusMessage): void {
    if (this.stopped) return;
    this.pending.push({ message });
    this.schedule();
  }

  /** Drops pending messages and retry timers; in-flight handlers keep running. */
  stop(): void {
    this.stopped = true;
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    this.pending.length = 0;
    this.head = 0;
  }

  get size(): number {
    return this.pending.length - this.head;
  }

  schedule(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    while (this.head < this.pending.length) {
      const member = this.pickMember();
      if (!member) return;
      const entry = this.pending[this.head]!;
      this.pending[this.head] = undefined as unknown as Entry;
      this.head++;
      if (this.head > 1024 && this.head * 2 > this.pending.length) {
        this.pending.splice(0, this.head);
        this.head = 0;
      }
      this.deliver(member, entry.message);
    }
  }

  private pickMember(): QueueMember | undefined {
    const count = this.members.length;
    for (let step = 0; step < count; step++) {
      const member = this.members[(this.nextMember + step) % count]!;
      if (member.active < member.concurrency) {
        this.nextMember = (this.nextMember + step + 1) % count;
        return member;
      }
    }
    return undefined;
  }

  private deliver(member: QueueMember, message: BusMessage): void {
    member.active++;
    const run = this.runHandler(member, message).then((error) => {
      member.active--;
      member.inFlight.delete(run);
      if (error !== undefined) this.failed(message, error);
      this.schedule();
    });
    member.inFlight.add(run);
  }

  /** Runs the handler under the ack timeout; resolves to the failure, or undefined on success. */
  private runHandler(member: QueueMember, message: BusMessage): Promise<unknown> {
    const ackTimeoutMs = this.options.ackTimeoutMs;
    return new Promise<unknown>((resolve) => {
      let settled = false;
      const context = new LazyDeliveryContext(() => {
        if (!settled) timer.refresh();
      });
      const timer = setTimeout(() => {
        const timedOut = new TimeoutError(
          `handler for ${message.topic} (message ${message.id}) did not finish within ackTimeoutMs ${ackTimeoutMs}: call working() from long handlers or raise ackTimeoutMs`,
        );
        context.abort(timedOut);
        finish(timedOut);
      }, ackTimeoutMs);
      function finish(error: unknown) {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(error);
      }
      try {
        const otel = otelApi();
        const handled =
          otel === undefined
            ? member.handler(message, context)
            : processWithSpan(
                otel,
                'agenticflow.memory',
                this.options.group,
                member.handler,
                message,
                context,
              );
        Promise.resolve(handled).then(
          () => finish(undefined),
          (error: unknown) =>
            finish(error ?? new AgenticFlowError('INTERNAL', 'handler rejected without a reason')),
        );
      } catch (error) {
        finish(error ?? new AgenticFlowError('INTERNAL', 'handler threw without a reason'));
      }
    });
  }

  private failed(message: BusMessage, error: unknown): void {
    if (this.stopped) return;
    if (message.deliveryAttempt >= this.options.maxDeliveries) {
      this.host.deadLetter(message, this.options.group, error);
      return;
    }
    const retry: BusMessage = Object.freeze({
      ...message,
      deliveryAttempt: message.deliveryAttempt + 1,
    });
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      this.enqueue(retry);
    }, this.options.backoff(message.deliveryAttempt));
    this.retryTimers.add(timer);
  }
}
