import type { Workload } from '../harness/workload.js';
import { c1CoreStore } from './c1-core-store.js';
import { c2CoreBus } from './c2-core-bus.js';
import { w0Import } from './w0-import.js';
import { w1SequentialSteps } from './w1-sequential-steps.js';
import { w2ParallelSteps } from './w2-parallel-steps.js';
import { w3Postgres } from './w3-postgres.js';
import { w3Sqlite } from './w3-sqlite.js';
import { w4PostgresBatch, w4PostgresC8, w4PostgresSingle } from './w4-postgres.js';
import { w4Sqlite } from './w4-sqlite.js';
import { w5Nats } from './w5-nats.js';
import { w5Redis } from './w5-redis.js';
import { w6Sandbox } from './w6-sandbox.js';
import { w7ManyRuns } from './w7-many-runs.js';

/**
 * Every workload `pnpm bench` knows, in the order it runs them. A new workload lives in its own
 * file in this folder and is added here; see bench/README.md.
 */
export const WORKLOADS: readonly Workload[] = [
  w0Import,
  w1SequentialSteps,
  w2ParallelSteps,
  w3Sqlite,
  w3Postgres,
  w4Sqlite,
  w4PostgresSingle,
  w4PostgresC8,
  w4PostgresBatch,
  w5Redis,
  w5Nats,
  w6Sandbox,
  w7ManyRuns,
  c1CoreStore,
  c2CoreBus,
];
