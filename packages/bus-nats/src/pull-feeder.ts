import type { Msg, NatsConnection, Subscription } from '@nats-io/nats-core';
import { createInbox, nanos } from '@nats-io/nats-core';

/** How long one pull request waits on the server for messages before it expires. */
const PULL_EXPIRES_MS = 30_000;
/** Heartbeat the server sends while a pull request waits. */
const PULL_HEARTBEAT_MS = 5_000;
/**
 * Silence after which waiting requests count as lost: a pull sent to a consumer that no longer
 * exists gets no answer at all, so only the missing heartbeats tell.
 */
const SILENCE_MS = PULL_HEARTBEAT_MS * 1.5;
const WATCHDOG_MS = 1_000;
const RECOVER_BACKOFF_MS = [250, 500, 1_000, 2_000, 5_000];

/** What a {@link PullFeeder} needs. */
export interface PullFeederOptions {
  readonly nc: NatsConnection;
  /** `$JS.API`, or the API prefix of a JetStream domain. */
  readonly apiPrefix: string;
  readonly stream: string;
  readonly consumer: string;
  /** Messages handled at once, and so the most this member holds unacknowledged. */
  readonly capacity: number;
  /** Handles one delivery; the promise settles when its slot is free again. */
  readonly deliver: (msg: Msg) => Promise<void>;
  /** A delivery that arrived after `stop()`: give it back. */
  readonly giveBack: (msg: Msg) => void;
  /** Makes sure the consumer exists (recreating it if it was lost); throws when it cannot. */
  readonly ensureConsumer: () => Promise<void>;
  /** Failures with no caller to report to. */
  readonly onError: (error: unknown) => void;
}

interface PullRequest {
  readonly id: number;
  remaining: number;
  readonly expiresAt: number;
}

/**
 * Feeds one subscription from a JetStream pull consumer. Unlike the client's `consume()`, which
 * refills when messages *arrive*, it asks for more only when handlers *finish*: a member never
 * holds more than `capacity` unacknowledged messages, so none waits in a local buffer while its
 * ack timer runs, none is stolen from idle members of the group, and closing gives back at most
 * what the server sent in the last instant.
 */
export class PullFeeder {
  private readonly inbox = createInbox();
  private readonly nextSubject: string;
  private readonly refillThreshold: number;
  private readonly requests: PullRequest[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private subscription: Subscription | undefined;
  private watchdog: ReturnType<typeof setInterval> | undefined;
  private outstanding = 0;
  private active = 0;
  private nextId = 0;
  private lastActivity = Date.now();
  private stopped = false;
  private recovering: Promise<void> | undefined;

  constructor(private readonly options: PullFeederOptions) {
    this.nextSubject = `${options.apiPrefix}.CONSUMER.MSG.NEXT.${options.stream}.${options.consumer}`;
    this.refillThreshold = Math.max(1, Math.floor(options.capacity / 4));
  }

  start(): void {
    this.subscription = this.options.nc.subscribe(`${this.inbox}.*`, {
      callback: (error, msg) => {
        if (error) this.options.onError(error);
        else this.receive(msg);
      },
    });
    this.watchdog = setInterval(() => this.check(), WATCHDOG_MS);
    this.watchdog.unref();
    this.pull();
  }

  /** After a reconnect the server has forgotten the pull requests: check the consumer, ask again. */
  reconnected(): void {
    void this.recover();
  }

  /** Stops asking, gives back deliveries still arriving, and waits for the handlers in flight. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.watchdog);
    try {
      if (!this.options.nc.isClosed()) await this.subscription?.drain();
    } catch {
      this.subscription?.unsubscribe();
    }
    await Promise.all([...this.inFlight]);
  }

  private receive(msg: Msg): void {
    this.lastActivity = Date.now();
    if (msg.subject.startsWith(this.inbox)) {
      this.status(msg);
      return;
    }
    if (this.stopped) {
      this.options.giveBack(msg);
      return;
    }
    const request = this.requests.find((candidate) => candidate.remaining > 0);
    if (request) {
      request.remaining--;
      this.outstanding--;
      if (request.remaining === 0) this.requests.splice(this.requests.indexOf(request), 1);
    }
    this.active++;
    const run: Promise<void> = this.options.deliver(msg).then(
      () => this.settled(run),
      (error: unknown) => {
        this.options.onError(error);
        this.settled(run);
      },
    );
    this.inFlight.add(run);
  }

  private settled(run: Promise<void>): void {
    this.active--;
    this.inFlight.delete(run);
    this.pull();
  }

  /** Heartbeats (100) keep a request alive; 408, 409 and 404 end it. */
  private status(msg: Msg): void {
    const code = msg.headers?.code ?? 0;
    if (code === 100) return;
    this.endRequest(Number(msg.subject.slice(this.inbox.length + 1)));
    const description = msg.headers?.description.toLowerCase() ?? '';
    if (code === 409 && description.includes('deleted')) {
      void this.recover();
      return;
    }
    // Exceeded limits (max waiting, batch) are not helped by asking again at once.
    if (code === 409 && description.includes('exceeded')) return;
    this.pull();
  }

  private endRequest(id: number): void {
    const index = this.requests.findIndex((request) => request.id === id);
    if (index < 0) return;
    this.outstanding -= this.requests[index]!.remaining;
    this.requests.splice(index, 1);
  }

  private pull(): void {
    if (this.stopped || this.recovering || this.options.nc.isClosed()) return;
    const want = this.options.capacity - this.active - this.outstanding;
    if (want <= 0 || (this.outstanding > 0 && want < this.refillThreshold)) return;
    const id = ++this.nextId;
    // Silence is measured from the first request that waits, not from the last busy stretch.
    if (this.outstanding === 0) this.lastActivity = Date.now();
    this.requests.push({ id, remaining: want, expiresAt: Date.now() + PULL_EXPIRES_MS });
    this.outstanding += want;
    const body = JSON.stringify({
      batch: want,
      expires: nanos(PULL_EXPIRES_MS),
      idle_heartbeat: nanos(PULL_HEARTBEAT_MS),
    });
    try {
      this.options.nc.publish(this.nextSubject, body, { reply: `${this.inbox}.${id}` });
    } catch (error) {
      this.endRequest(id);
      this.options.onError(error);
    }
  }

  private check(): void {
    if (this.stopped || this.recovering) return;
    const now = Date.now();
    for (const request of [...this.requests]) {
      if (request.expiresAt + 2 * PULL_HEARTBEAT_MS < now) this.endRequest(request.id);
    }
    // Waiting requests get heartbeats: silence means the server lost them (or the consumer).
    if (this.outstanding > 0 && now - this.lastActivity > SILENCE_MS) {
      void this.recover();
      return;
    }
    this.pull();
  }

  private recover(): Promise<void> {
    this.recovering ??= this.ensureThenPull().finally(() => {
      this.recovering = undefined;
      this.pull();
    });
    return this.recovering;
  }

  private async ensureThenPull(): Promise<void> {
    for (let attempt = 0; !this.stopped && !this.options.nc.isClosed(); attempt++) {
      try {
        await this.options.ensureConsumer();
        this.requests.length = 0;
        this.outstanding = 0;
        this.lastActivity = Date.now();
        return;
      } catch (error) {
        if (attempt >= 4) this.options.onError(error);
        const delay = RECOVER_BACKOFF_MS[Math.min(attempt, RECOVER_BACKOFF_MS.length - 1)]!;
        await new Promise((resolve) => setTimeout(resolve, delay).unref());
      }
    }
  }
}
