import {
  AgenticFlowError,
  type BusMessage,
  type DeliveryContext,
  type MessageHandler,
  otelApi,
  processWithSpan,
  TimeoutError,
} from '@agenticflow/core';

/** How one delivery ended: undefined on success, else the failure (a throw, or a `TIMEOUT`). */
export type Settled<Item> = (item: Item, message: BusMessage, error: unknown) => void;

/**
 * Runs a subscription's handlers under the ack timeout. One timer serves every running handler
 * (set for the earliest deadline) instead of a timer per message, which matters at tens of
 * thousands of messages a second. A handler that passes its deadline without calling `working()`
 * fails with `TIMEOUT` and its signal is aborted; whatever it does afterwards is ignored.
 */
export class HandlerRunner<Item> {
  private readonly running = new Set<Delivery<Item>>();
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly handler: MessageHandler,
    readonly ackTimeoutMs: number,
    private readonly settled: Settled<Item>,
    /** Runs each time a handler calls `working()`. */
    readonly onWorking: (item: Item) => void,
    /** The subscription's group, for the `process` span. */
    readonly group?: string,
  ) {}

  /** Handlers running now (timed-out ones no longer count). */
  get active(): number {
    return this.running.size;
  }

  /** Starts the handler on `message`. */
  start(item: Item, message: BusMessage): void {
    const delivery = new Delivery(this, item, message);
    this.running.add(delivery);
    this.armFor(delivery.deadline);
    let result: unknown;
    try {
      const otel = otelApi();
      result =
        otel === undefined
          ? this.handler(message, delivery)
          : processWithSpan(otel, 'redis', this.group, this.handler, message, delivery);
    } catch (error) {
      this.settle(
        delivery,
        error ?? new AgenticFlowError('INTERNAL', 'handler threw without a reason'),
      );
      return;
    }
    if (isPromiseLike(result)) {
      result.then(
        () => this.settle(delivery, undefined),
        (error: unknown) =>
          this.settle(
            delivery,
            error ?? new AgenticFlowError('INTERNAL', 'handler rejected without a reason'),
          ),
      );
    } else {
      this.settle(delivery, undefined);
    }
  }

  /** Resolves once no handler is running (timed-out handlers are not waited for). */
  idle(): Promise<void> {
    if (this.running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Clears the deadline timer; call once no handler runs any more. */
  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
  }

  /** @internal */
  settle(delivery: Delivery<Item>, error: unknown): void {
    // The timer stays armed: the next deliveries' deadlines are later, so one timer per
    // ackTimeoutMs serves them all instead of one per message.
    if (!this.running.delete(delivery)) return;
    this.settled(delivery.item, delivery.message, error);
    if (this.running.size === 0 && this.idleWaiters.length > 0) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  private armFor(deadline: number): void {
    if (deadline >= this.timerAt) return;
    clearTimeout(this.timer);
    this.timerAt = deadline;
    this.timer = setTimeout(() => this.expire(), Math.max(0, deadline - performance.now()));
    this.timer.unref();
  }

  private expire(): void {
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
    const now = performance.now();
    let next = Number.POSITIVE_INFINITY;
    for (const delivery of [...this.running]) {
      if (delivery.deadline <= now) delivery.timeOut(this.ackTimeoutMs);
      else next = Math.min(next, delivery.deadline);
    }
    if (next !== Number.POSITIVE_INFINITY && this.running.size > 0) this.armFor(next);
  }
}

/** One running handler, and the context it was given. */
class Delivery<Item> implements DeliveryContext {
  deadline: number;
  private abort: AbortController | undefined;
  private timedOut: TimeoutError | undefined;

  constructor(
    private readonly runner: HandlerRunner<Item>,
    readonly item: Item,
    readonly message: BusMessage,
  ) {
    this.deadline = performance.now() + runner.ackTimeoutMs;
  }

  // Most handlers never read `signal`: the controller is made on first use.
  get signal(): AbortSignal {
    if (!this.abort) {
      this.abort = new AbortController();
      if (this.timedOut) this.abort.abort(this.timedOut);
    }
    return this.abort.signal;
  }

  // An own function, not a method: handlers destructure it (`async (message, { working }) => …`).
  readonly working = (): void => {
    if (this.timedOut) return;
    this.deadline = performance.now() + this.runner.ackTimeoutMs;
    this.runner.onWorking(this.item);
  };

  timeOut(ackTimeoutMs: number): void {
    this.timedOut = new TimeoutError(
      `handler for ${this.message.topic} (message ${this.message.id}) did not finish within ackTimeoutMs ${ackTimeoutMs}: call working() from long handlers or raise ackTimeoutMs`,
    );
    this.abort?.abort(this.timedOut);
    this.runner.settle(this, this.timedOut);
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
