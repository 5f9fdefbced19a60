import { runTriage } from './run-triage.js';

const result = await runTriage((line) => console.log(`  ${line}`));
console.log(
  `\nDone: ${result.events} events in run-${result.runId}; every event reached the bus at least once.`,
);
