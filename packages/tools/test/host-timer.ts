/**
 * Counts ticks of a host `setInterval` while `work` runs, to show the host's event loop kept
 * running: sandboxed code runs off the main thread (after at most a short synchronous slice).
 */
export async function withHostTimer<T>(
  work: () => Promise<T>,
): Promise<{ result: PromiseSettledResult<T>; ticks: number; ms: number }> {
  let ticks = 0;
  const timer = setInterval(() => {
    ticks++;
  }, 5);
  const startedAt = performance.now();
  const [result] = await Promise.allSettled([work()]);
  const ms = performance.now() - startedAt;
  clearInterval(timer);
  return { result: result!, ticks, ms };
}

/** The code of a settled rejection, or `'fulfilled'`. */
export function outcome(result: PromiseSettledResult<unknown>): string {
  if (result.status === 'fulfilled') return 'fulfilled';
  const reason = result.reason as { code?: string; message?: string };
  return reason.code ?? `untyped: ${reason.message}`;
}
