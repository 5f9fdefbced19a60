import type { DeliveryContext } from './event-bus.js';

/**
 * The {@link DeliveryContext} of one delivery, for bus adapters: `signal` is made on first read
 * (most handlers never read it) and `working` is the adapter's callback. A class rather than an
 * object literal with a getter: built for every message, such a literal made garbage collection
 * several times slower (measured on the tool executor, benchmark W6).
 */
export class LazyDeliveryContext implements DeliveryContext {
  private controller: AbortController | undefined;
  private reason: unknown;
  private aborted = false;

  /** `working` is the adapter's own function, so a handler may destructure it. */
  constructor(readonly working: () => void) {}

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  /** Aborts `signal` (now, or when it is first read) with `reason`; later calls do nothing. */
  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.controller?.abort(reason);
  }
}
