import { AbortedError, TimeoutError } from '@agenticflow/core';

/**
 * Runs `work` with a signal that aborts after `timeoutMs` or when `parent` aborts, and rejects with
 * `TIMEOUT` or `ABORTED` at that moment even when `work` ignores its signal. The signal is created
 * only if `work` reads it (an AbortController costs more than many a tool call), and a synchronous
 * result returns at once.
 */
export async function runWithTimeout<T>(
  work: (signal: () => AbortSignal) => T | Promise<T>,
  timeoutMs: number,
  parent: AbortSignal | undefined,
  what: string,
): Promise<T> {
  if (parent?.aborted) throw abortedError(parent, what);
  let controller: AbortController | undefined;
  let stop: ((error: Error) => void) | undefined;
  let stoppedWith: Error | undefined;
  const signal = () => {
    if (!controller) {
      controller = new AbortController();
      if (stoppedWith) controller.abort(stoppedWith);
    }
    return controller.signal;
  };
  const result = work(signal);
  if (!(result instanceof Promise)) return result;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onAbort = () => stop?.(abortedError(parent!, what));
  const stopped = new Promise<never>((_, reject) => {
    stop = (error) => {
      stoppedWith = error;
      controller?.abort(error);
      reject(error);
    };
    timer = setTimeout(
      () =>
        stop!(
          new TimeoutError(
            `${what} did not finish within ${timeoutMs} ms: raise its timeoutMs or make it faster`,
            { details: { timeoutMs } },
          ),
        ),
      timeoutMs,
    );
  });
  parent?.addEventListener('abort', onAbort, { once: true });
  try {
    return await Promise.race([result, stopped]);
  } finally {
    clearTimeout(timer);
    parent?.removeEventListener('abort', onAbort);
  }
}

function abortedError(signal: AbortSignal, what: string): AbortedError {
  return new AbortedError(`${what} was aborted by its caller`, { cause: signal.reason });
}
