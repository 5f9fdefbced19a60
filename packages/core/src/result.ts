/** A successful {@link Result}. */
export interface Ok<T> {
  readonly ok: true;
  readonly value: T;
}

/** A failed {@link Result}. */
export interface Err<E> {
  readonly ok: false;
  readonly error: E;
}

/**
 * The outcome of an operation that can fail in an expected way, returned instead of thrown.
 *
 * @example
 * ```ts
 * const parsed = await tryAsync(() => loadConfig(path));
 * if (!parsed.ok) return reportError(parsed.error);
 * use(parsed.value);
 * ```
 */
export type Result<T, E = unknown> = Ok<T> | Err<E>;

/** Wraps a value as a successful {@link Result}. */
export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

/** Wraps an error as a failed {@link Result}. */
export function err<E>(error: E): Err<E> {
  return { ok: false, error };
}

/** Runs `fn` and captures what it returns or throws as a {@link Result}. */
export async function tryAsync<T>(fn: () => Promise<T> | T): Promise<Result<T>> {
  try {
    return ok(await fn());
  } catch (error) {
    return err(error);
  }
}

/** Returns the value of a successful result, or throws the error of a failed one. */
export function unwrap<T, E>(result: Result<T, E>): T {
  if (result.ok) return result.value;
  throw result.error;
}
