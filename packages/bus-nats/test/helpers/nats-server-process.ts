import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The nats-server binary: AF_NATS_SERVER_BIN, else the Debian package's, else the PATH's. */
export const natsServerBin =
  process.env.AF_NATS_SERVER_BIN ??
  (spawnSync('/usr/sbin/nats-server', ['--version']).status === 0
    ? '/usr/sbin/nats-server'
    : 'nats-server');

/** Why fault tests cannot start their own nats-server here, or undefined when they can. */
export function natsServerMissing(): string | undefined {
  const probe = spawnSync(natsServerBin, ['--version'], { encoding: 'utf8' });
  return probe.status === 0
    ? undefined
    : `${natsServerBin} cannot be run: ${probe.error?.message ?? probe.stderr}`;
}

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * A nats-server with JetStream that one test starts on a free loopback port with its own store
 * directory, so faults never touch the shared server. `extraConfig` is appended to its config file.
 */
export class NatsServerProcess {
  private child: ChildProcess | undefined;
  private readonly dir: string;

  private constructor(
    readonly port: number,
    private readonly extraConfig: string,
    readonly monitorPort: number | undefined,
  ) {
    this.dir = mkdtempSync(join(tmpdir(), 'af-bus-nats-'));
  }

  static async start(
    options: { extraConfig?: string; monitor?: boolean } = {},
  ): Promise<NatsServerProcess> {
    const server = new NatsServerProcess(
      await freePort(),
      options.extraConfig ?? '',
      options.monitor ? await freePort() : undefined,
    );
    await server.launch();
    return server;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  get monitorUrl(): string | undefined {
    return this.monitorPort === undefined ? undefined : `http://127.0.0.1:${this.monitorPort}`;
  }

  /** Starts the server (again, on the same port and store) and waits until it accepts clients. */
  async launch(): Promise<void> {
    const config = join(this.dir, 'server.conf');
    writeFileSync(
      config,
      [
        `listen: "127.0.0.1:${this.port}"`,
        this.monitorPort === undefined ? '' : `http: "127.0.0.1:${this.monitorPort}"`,
        `jetstream { store_dir: ${JSON.stringify(join(this.dir, 'store'))} }`,
        this.extraConfig,
      ].join('\n'),
    );
    const child = spawn(natsServerBin, ['-c', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    let log = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      if (log.length < 20_000) log += chunk.toString();
    });
    const deadline = Date.now() + 10_000;
    while (!(await accepts(this.port))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`nats-server on port ${this.port} did not start: ${log}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Stops the server with `signal` and waits for it to exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }

  /** Stops the server and deletes its store. */
  async destroy(): Promise<void> {
    await this.stop('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, '127.0.0.1', () => done(true));
  });
}
