import { exponentialBackoff } from '@agenticflow/core';
import type pg from 'pg';

const reconnectDelay = exponentialBackoff({ initialMs: 100, maxMs: 5_000 });

/**
 * LISTENs on a channel over a dedicated `pg.Client` and calls `onNotify` for each notification.
 * When the connection drops it reconnects with backoff and calls `onNotify` once connected again,
 * since notifications sent in between are lost.
 */
export class NotificationListener {
  private client: pg.Client | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;
  private stopped = false;
  private listeningNow = false;

  constructor(
    private readonly createClient: () => pg.Client,
    private readonly channel: string,
    private readonly onNotify: () => void,
  ) {}

  /** Whether the LISTEN is active right now. */
  get listening(): boolean {
    return this.listeningNow;
  }

  /** Backend process id of the LISTEN connection, while connected. */
  get processId(): number | undefined {
    return (this.client as unknown as { processID?: number } | undefined)?.processID;
  }

  start(): void {
    if (this.client === undefined && this.timer === undefined && !this.stopped) void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.listeningNow = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    const client = this.createClient();
    this.client = client;
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    client.on('notification', (message) => {
      if (message.channel === this.channel) this.onNotify();
    });
    try {
      await client.connect();
      await client.query(`listen "${this.channel}"`);
    } catch {
      this.lost(client);
      return;
    }
    if (this.client !== client) return;
    this.failures = 0;
    this.listeningNow = true;
    this.onNotify();
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.listeningNow = false;
    client.end().catch(() => {});
    if (this.stopped) return;
    this.failures++;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.stopped) void this.connect();
    }, reconnectDelay(this.failures));
    this.timer.unref?.();
  }
}
