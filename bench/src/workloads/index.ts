import type { Workload } from '../harness/workload.js';
import { c1CoreStore } from './c1-core-store.js';
import { c2CoreBus } from './c2-core-bus.js';
import { w0Import } from './w0-import.js';

/**
 * Every workload `pnpm bench` knows, in the order it runs them. A new workload lives in its own
 * file in this folder and is added here; see bench/README.md.
 */
export const WORKLOADS: readonly Workload[] = [w0Import, c1CoreStore, c2CoreBus];
