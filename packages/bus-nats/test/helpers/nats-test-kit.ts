import { testServiceUrls, uniqueToken } from '@agenticflow/conformance';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

/** The shared test server of AF_TEST_NATS_URL. */
export const natsUrl = testServiceUrls.nats;

/** A stream prefix no other test file or run uses. */
export function uniquePrefix(label = 'AFT'): string {
  return uniqueToken(`${label}_`).slice(0, 48);
}

/** Deletes the streams a test file made on a server (only those it names). */
export async function deleteStreams(url: string, names: readonly string[]): Promise<void> {
  const nc = await connect({ servers: url, timeout: 2_000 });
  try {
    const jsm = await jetstreamManager(nc);
    for (const name of names) await jsm.streams.delete(name).catch(() => false);
  } finally {
    await nc.close();
  }
}
