import { Socket } from 'node:net';

/** URLs of the test services, from `AF_TEST_*` variables or the local defaults. */
export const testServiceUrls = {
  postgres: process.env.AF_TEST_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/test',
  redis: process.env.AF_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
  nats: process.env.AF_TEST_NATS_URL ?? 'nats://127.0.0.1:4222',
} as const;

/** True when `AF_REQUIRE_SERVICES=1`: a suite whose service is unreachable must fail, not skip. */
export function servicesRequired(): boolean {
  return process.env.AF_REQUIRE_SERVICES === '1';
}

/**
 * Checks that a TCP service answers at `url` and returns why not, or `undefined` when it does.
 * Pass the result as a harness's `skip`.
 *
 * @example
 * ```ts
 * const skip = await unreachableReason(testServiceUrls.postgres);
 * describeEventStoreConformance({ name: 'postgres', skip, create: ... });
 * ```
 */
export async function unreachableReason(
  url: string,
  timeoutMs = 2_000,
): Promise<string | undefined> {
  const parsed = new URL(url);
  const defaults: Record<string, number> = {
    'postgres:': 5432,
    'postgresql:': 5432,
    'redis:': 6379,
    'nats:': 4222,
  };
  const port = Number(parsed.port || defaults[parsed.protocol] || 0);
  const host = parsed.hostname || '127.0.0.1';
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (reason: string | undefined) => {
      socket.destroy();
      resolve(reason);
    };
    socket.setTimeout(timeoutMs, () =>
      done(`${redact(url)} did not answer within ${timeoutMs} ms`),
    );
    socket.once('error', (error) => done(`${redact(url)} is unreachable: ${error.message}`));
    socket.connect(port, host, () => done(undefined));
  });
}

/** `url` without its password. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}
