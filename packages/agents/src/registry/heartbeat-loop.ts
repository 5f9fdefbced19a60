import type { Clock } from '@agenticflow/core';

/** Calls `beat` every `intervalMs` of `clock` time until stopped; a failing beat is reported, not fatal. */
export class HeartbeatLoop {
  private readonly abort = new AbortController();

  constructor(
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly beat: () => Promise<void>,
    private readonly onError: (error: unknown, what: string) => void,
  ) {}

  start(): void {
    void this.run();
  }

  stop(): void {
    this.abort.abort();
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    while (!signal.aborted) {
      try {
        await this.clock.sleep(this.intervalMs, signal);
      } catch {
        return;
      }
      try {
        await this.beat();
      } catch (error) {
        if (!signal.aborted) this.onError(error, 'publishing a heartbeat');
      }
    }
  }
}
