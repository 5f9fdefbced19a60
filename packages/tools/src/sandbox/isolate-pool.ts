import { AbortedError, ClosedError } from '@agenticflow/core';
import { SandboxBusyError } from '../errors/sandbox-errors.js';
import { IsolateSlot } from './isolate-slot.js';
import type { IsolatedVmModule } from './load-isolated-vm.js';
import type { ResolvedSandboxOptions } from './sandbox-types.js';

interface Waiter {
  resolve(slot: IsolateSlot): void;
  reject(error: unknown): void;
  cleanup(): void;
}

/**
 * A warm pool of {@link IsolateSlot}s, each used by one run at a time. Runs beyond `poolSize`
 * wait in order; dead slots are disposed on release and replaced on demand.
 */
export class IsolatePool {
  private readonly idle: IsolateSlot[] = [];
  private readonly all = new Set<IsolateSlot>();
  private readonly waiters: Waiter[] = [];
  private count = 0;
  private closed = false;

  constructor(
    private readonly ivm: IsolatedVmModule,
    private readonly options: ResolvedSandboxOptions,
  ) {}

  /** A free slot: synchronously when one is idle, else once one is created or released. */
  acquire(signal: AbortSignal | undefined): IsolateSlot | Promise<IsolateSlot> {
    if (this.closed) throw new ClosedError('the sandbox');
    if (signal?.aborted) throw new AbortedError('the sandbox run was aborted before it started');
    const idle = this.idle.pop();
    if (idle) return idle;
    if (this.count < this.options.poolSize) return this.createSlot();
    if (this.waiters.length >= this.options.maxQueue)
      throw new SandboxBusyError(this.waiters.length);
    return new Promise<IsolateSlot>((resolve, reject) => {
      const onAbort = () => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        reject(new AbortedError('the sandbox run was aborted while waiting for an isolate'));
      };
      const waiter: Waiter = {
        resolve,
        reject,
        cleanup: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /** Returns a slot after a run; a dead one is disposed and replaced if runs are waiting. */
  release(slot: IsolateSlot): void {
    if (slot.dead || this.closed) {
      slot.dispose();
      this.all.delete(slot);
      this.count--;
      if (this.waiters.length > 0 && !this.closed) {
        const waiter = this.waiters.shift()!;
        waiter.cleanup();
        this.createSlot().then(waiter.resolve, waiter.reject);
      }
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter) {
      waiter.cleanup();
      waiter.resolve(slot);
    } else {
      this.idle.push(slot);
    }
  }

  /** Creates slots until the pool is full. */
  async warm(): Promise<void> {
    const created: Promise<IsolateSlot>[] = [];
    while (this.count < this.options.poolSize) created.push(this.createSlot());
    for (const slot of await Promise.all(created)) this.release(slot);
  }

  /** Disposes every slot; waiting runs fail with `CLOSED`. */
  close(): void {
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) {
      waiter.cleanup();
      waiter.reject(new ClosedError('the sandbox'));
    }
    for (const slot of this.all) slot.dispose();
    this.idle.length = 0;
  }

  private async createSlot(): Promise<IsolateSlot> {
    this.count++;
    try {
      const slot = await IsolateSlot.create(this.ivm, this.options);
      if (this.closed) {
        slot.dispose();
        throw new ClosedError('the sandbox');
      }
      this.all.add(slot);
      return slot;
    } catch (error) {
      this.count--;
      throw error;
    }
  }
}
