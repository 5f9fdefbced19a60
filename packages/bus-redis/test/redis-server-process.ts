import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@agenticflow/core/testing';
import { Redis } from 'ioredis';

const REDIS_SERVER = process.env.AF_REDIS_SERVER_BIN ?? '/usr/bin/redis-server';

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(address),
      );
    });
  });
}

/**
 * A redis-server of a test's own, on a free loopback port with its own directory, so fault tests
 * can kill and restart it without touching the shared service.
 */
export class RedisServerProcess {
  private child: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    readonly dir: string,
    readonly durable: boolean,
    readonly refuseHello: boolean,
  ) {}

  /**
   * Starts a server; `durable` turns the append-only file on with fsync on every write;
   * `refuseHello` disables `HELLO`, as an old proxy in front of Redis might, so clients fall back
   * to RESP2.
   */
  static async start(options: {
    durable: boolean;
    refuseHello?: boolean;
  }): Promise<RedisServerProcess> {
    const dir = await mkdtemp(join(tmpdir(), 'af-redis-'));
    const server = new RedisServerProcess(
      await freePort(),
      dir,
      options.durable,
      options.refuseHello ?? false,
    );
    await server.launch();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Kills the server the hard way (SIGKILL), as a crash would. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** Starts the server again on the same port and directory, reloading its append-only file. */
  async restart(): Promise<void> {
    await this.kill();
    await this.launch();
  }

  async stop(): Promise<void> {
    await this.kill();
    await rm(this.dir, { recursive: true, force: true });
  }

  private async launch(): Promise<void> {
    const args = [
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--dir',
      this.dir,
      '--save',
      '',
      '--appendonly',
      this.durable ? 'yes' : 'no',
      '--appendfsync',
      'always',
      ...(this.refuseHello ? ['--rename-command', 'HELLO', ''] : []),
    ];
    const child = spawn(REDIS_SERVER, args, { stdio: 'ignore' });
    this.child = child;
    const probe = new Redis(this.url, {
      lazyConnect: true,
      protocol: 2,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    probe.on('error', () => {});
    try {
      await waitFor(
        async () => {
          if (child.exitCode !== null)
            throw new Error(`redis-server exited with ${child.exitCode}`);
          try {
            if (probe.status !== 'ready') await probe.connect();
            return (await probe.ping()) === 'PONG';
          } catch {
            probe.disconnect();
            return false;
          }
        },
        { timeoutMs: 10_000, message: `redis-server on port ${this.port}` },
      );
    } finally {
      probe.disconnect();
    }
  }
}
