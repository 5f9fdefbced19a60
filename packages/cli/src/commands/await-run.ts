import { type JsonValue, serializeError } from '@agenticflow/core';
import type { OpenedJob } from '../jobs/open-job.js';
import type { Printer } from '../output/printer.js';
import type { RunFollower } from '../output/run-follower.js';
import { ExitCodes } from '../usage-error.js';
import { untilSignal } from './command-context.js';

function rootCause(error: unknown): string {
  let current = error as { message?: string; cause?: unknown } | undefined;
  const messages: string[] = [];
  while (current && messages.length < 4) {
    if (current.message && !messages.some((message) => message.includes(current?.message ?? '')))
      messages.push(current.message);
    current = current.cause as typeof current;
  }
  return messages.join(': caused by: ');
}

/**
 * Waits for a run to end (or for SIGINT/SIGTERM, which leaves it unfinished for `resume`), prints
 * the outcome and returns the exit code: 0 when it completed, 1 otherwise.
 */
export async function awaitRun(
  opened: OpenedJob,
  runId: string,
  follower: RunFollower,
  printer: Printer,
): Promise<number> {
  const signal = untilSignal();
  try {
    const outcome = await Promise.race([
      opened.runtime.engine.result(runId).then(
        (output) => ({ status: 'completed' as const, output: output as JsonValue }),
        (error: unknown) => ({ status: 'ended' as const, error }),
      ),
      signal.received.then((name) => ({ status: 'interrupted' as const, signal: name })),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 50)); // let the follower print the last events
    const snapshot = await opened.runtime.engine.getRun(runId).catch(() => undefined);
    const status = snapshot?.status ?? outcome.status;
    const { tally } = follower;
    if (outcome.status === 'completed') {
      printer.jsonLine({
        kind: 'result',
        runId,
        status: 'completed',
        output: outcome.output,
        tally,
      });
      printer.line('');
      printer.line(`${printer.ok('✓')} run ${runId} completed`);
      printer.line(
        `  steps completed: ${tally.stepsCompleted}, tool calls: ${tally.toolCalls}, model calls: ${tally.modelCalls}, tokens: ${tally.tokens}`,
      );
      for (const line of opened.runtime.summarize?.(outcome.output) ?? [])
        printer.line(`  ${line}`);
      return ExitCodes.ok;
    }
    if (outcome.status === 'interrupted') {
      printer.jsonLine({ kind: 'result', runId, status: 'interrupted', signal: outcome.signal });
      printer.line(
        `run ${runId} left unfinished (${outcome.signal}): continue it with agenticflow resume ${runId}`,
      );
      return 130;
    }
    printer.jsonLine({ kind: 'result', runId, status, error: serializeError(outcome.error) });
    printer.line('');
    printer.line(`${printer.bad('✗')} run ${runId} ${status}: ${rootCause(outcome.error)}`);
    printer.line(`  inspect it with agenticflow inspect ${runId}`);
    return ExitCodes.failure;
  } finally {
    signal.dispose();
  }
}
