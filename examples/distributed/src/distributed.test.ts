import { servicesRequired, testServiceUrls, unreachableReason } from '@agenticflow/conformance';
import { describe, expect, it } from 'vitest';
import { runDemo } from './run-demo.js';

const skip =
  (await unreachableReason(testServiceUrls.postgres)) ??
  (await unreachableReason(testServiceUrls.nats));
if (skip && servicesRequired())
  throw new Error(
    `AF_REQUIRE_SERVICES=1 but a service of the distributed example is down: ${skip}`,
  );
if (skip) console.warn(`skipping the distributed example: ${skip}`);

describe.skipIf(Boolean(skip))('three agenticflow workers on PostgreSQL and NATS', () => {
  it('complete 100 runs with one worker killed midway, recording every step once', async () => {
    const result = await runDemo({
      postgresUrl: testServiceUrls.postgres,
      natsUrl: testServiceUrls.nats,
      runs: 100,
    });
    expect(result.migrateOutput).toMatch(/applied \d+ migration\(s\) to postgres:/);
    expect(result.runsCompleted).toBe(100);
    expect(result.duplicates).toEqual([]);
    expect(result.stepsCompleted).toBe(300);
    // The killed worker held running steps: they were interrupted and run again elsewhere.
    expect(result.interrupted).toBeGreaterThan(0);
    expect(result.attempts).toBeGreaterThan(300);
    expect(result.stepsByPid[String(result.killedPid)] ?? 0).toBeGreaterThan(0);
    const survivors = result.workerPids.filter((pid) => pid !== result.killedPid);
    for (const pid of survivors) expect(result.stepsByPid[String(pid)] ?? 0).toBeGreaterThan(0);
    expect(Object.keys(result.stepsByPid).sort()).toEqual(result.workerPids.map(String).sort());
    expect(result.stoppedExitCodes).toEqual([0, 0]);
  });
});
