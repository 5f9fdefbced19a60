import { type ChildProcess, spawn } from 'node:child_process';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { Backends } from './fixtures/backends.js';

/** A child process running a TypeScript fixture, with its output so far. */
export interface Child {
  readonly process: ChildProcess;
  output(): string;
  /** Resolves with the first line starting with `prefix` (rejects if the process exits first). */
  line(prefix: string, timeoutMs?: number): Promise<string>;
  exited: Promise<number | null>;
}

export function startChild(
  script: string,
  backends: Backends,
  env: Record<string, string> = {},
): Child {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      new URL(`./fixtures/${script}`, import.meta.url).pathname,
      JSON.stringify(backends),
    ],
    {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    process: child,
    output: () => `${stdout}\n${stderr}`,
    exited,
    line(prefix, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const deadline = setTimeout(
          () =>
            done(
              new Error(
                `${script} did not print ${prefix} within ${timeoutMs} ms:\n${stdout}\n${stderr}`,
              ),
            ),
          timeoutMs,
        );
        const check = () => {
          const found = stdout.split('\n').find((entry) => entry.startsWith(prefix));
          if (found !== undefined) done(undefined, found);
        };
        const onExit = () =>
          done(new Error(`${script} exited before printing ${prefix}:\n${stdout}\n${stderr}`));
        function done(error: Error | undefined, found?: string) {
          clearTimeout(deadline);
          child.stdout.off('data', check);
          child.off('exit', onExit);
          if (error) reject(error);
          else resolve(found!);
        }
        child.stdout.on('data', check);
        child.on('exit', onExit);
        check();
      });
    },
  };
}

/** Removes what a test created: its Postgres schema, its NATS stream, its Redis keys. */
export async function cleanUp(backends: Backends): Promise<void> {
  const client = new pg.Client({ connectionString: backends.postgresUrl });
  await client.connect();
  await client.query(`drop schema if exists "${backends.schema}" cascade`);
  await client.end();
  if (backends.bus === 'nats') {
    const nc = await connect({ servers: backends.busUrl });
    const jsm = await jetstreamManager(nc);
    for await (const stream of jsm.streams.list()) {
      if (stream.config.name.startsWith(backends.busPrefix))
        await jsm.streams.delete(stream.config.name);
    }
    await nc.close();
  } else {
    const redis = new Redis(backends.busUrl, { protocol: backends.bus === 'redis-resp2' ? 2 : 3 });
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(
        cursor,
        'MATCH',
        `${backends.busPrefix}*`,
        'COUNT',
        500,
      );
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    redis.disconnect();
  }
}
