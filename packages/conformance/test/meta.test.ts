import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface AssertionResult {
  readonly title: string;
  readonly fullName: string;
  readonly status: 'passed' | 'failed' | 'skipped' | 'pending' | 'todo';
}
interface JsonReport {
  readonly testResults: ReadonlyArray<{
    readonly name: string;
    readonly assertionResults: readonly AssertionResult[];
  }>;
}

const vitestBin = join(
  createRequire(import.meta.url).resolve('vitest/package.json'),
  '..',
  'vitest.mjs',
);
const metaConfig = new URL('./meta/vitest.meta.config.ts', import.meta.url).pathname;
let report: JsonReport;
const dir = mkdtempSync(join(tmpdir(), 'af-meta-'));

/** Titles of the tests that failed (or passed) in one fixture file. */
function results(fixture: string, status: AssertionResult['status']): string[] {
  const file = report.testResults.find((result) => result.name.endsWith(fixture));
  if (!file) throw new Error(`no results for ${fixture}`);
  return file.assertionResults
    .filter((result) => result.status === status)
    .map((result) => result.title);
}

describe('the conformance suites have teeth', () => {
  beforeAll(async () => {
    const out = join(dir, 'report.json');
    await new Promise<void>((resolve) => {
      execFile(
        process.execPath,
        [vitestBin, 'run', '--config', metaConfig, '--reporter=json', `--outputFile=${out}`],
        { env: { ...process.env, AF_REQUIRE_SERVICES: '0' }, maxBuffer: 64 * 1024 * 1024 },
        () => resolve(), // the run is expected to fail; the report says how
      );
    });
    report = JSON.parse(readFileSync(out, 'utf8')) as JsonReport;
  }, 120_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fails a store that ignores expectedVersion', () => {
    const failed = results('broken-store.fixture.ts', 'failed');
    expect(failed).toEqual(
      expect.arrayContaining([
        'rejects append when expectedVersion does not match, writing nothing',
        'lets exactly one of 50 concurrent appends with the same expectedVersion win, without version gaps',
        "lets one of two concurrent 'no_stream' creates win",
        'behaves like a simple reference model under random sequences of operations',
      ]),
    );
    expect(results('broken-store.fixture.ts', 'passed').length).toBeGreaterThan(40);
  });

  it('fails a bus that drops redeliveries', () => {
    const failed = results('broken-bus.fixture.ts', 'failed');
    expect(failed).toEqual(
      expect.arrayContaining([
        'delivers a message again with a higher deliveryAttempt after the handler throws',
        'redelivers within a group as well, to some member',
        'moves a message to the dead-letter topic with its last error after maxDeliveries',
        'waits the backoff before redelivering',
      ]),
    );
    expect(results('broken-bus.fixture.ts', 'passed').length).toBeGreaterThan(10);
  });
});
