import { runDemo } from './run-demo.js';

const result = await runDemo({
  postgresUrl: process.env.AF_TEST_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/test',
  natsUrl: process.env.AF_TEST_NATS_URL ?? 'nats://127.0.0.1:4222',
  log: (line) => console.log(line),
});

const ok = result.runsCompleted === result.runs && result.duplicates.length === 0;
console.log(`
summary
  runs completed:      ${result.runsCompleted}/${result.runs}
  steps completed:     ${result.stepsCompleted} (${result.attempts} attempts started)
  steps taken over:    ${result.interrupted} (lease of killed worker ${result.killedPid} lapsed)
  steps recorded twice: ${result.duplicates.length}${result.duplicates.length ? ` (${result.duplicates.join(', ')})` : ''}
  steps per worker:    ${Object.entries(result.stepsByPid)
    .map(([pid, count]) => `${pid}${Number(pid) === result.killedPid ? ' (killed)' : ''}: ${count}`)
    .join(', ')}
  took:                ${(result.durationMs / 1000).toFixed(1)} s
${ok ? '✓ every run completed, no step recorded twice' : '✗ the log does not add up'}`);
process.exitCode = ok ? 0 : 1;
