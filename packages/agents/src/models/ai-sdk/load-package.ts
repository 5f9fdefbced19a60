import { ConfigurationError } from '@agenticflow/core';

/** The `ai` package's module, as this adapter uses it. */
export type AiModule = typeof import('ai');

const NOT_FOUND_CODES = new Set(['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND']);

/**
 * Runs `load` (a dynamic `import()` of `name`) and turns its failure into a
 * {@link ConfigurationError} that names the package to install.
 *
 * Each caller passes its own literal `import('…')` so that bundlers can still see which
 * packages the code may load.
 */
export async function loadPackage<T>(
  name: string,
  load: () => Promise<T>,
  neededBy: string,
): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (isNotFound(error, name)) {
      throw new ConfigurationError(
        `${neededBy} needs the package ${name}, which is not installed: install it with \`npm install ${name}\` (or pnpm add / yarn add)`,
        { cause: error, details: { package: name, neededBy } },
      );
    }
    throw new ConfigurationError(
      `${neededBy} needs the package ${name}, which failed to load (${errorMessage(error)}): check that the installed version matches the peer dependency of @agenticflow/agents`,
      { cause: error, details: { package: name, neededBy } },
    );
  }
}

/** Loads the `ai` package. */
export function loadAi(neededBy: string): Promise<AiModule> {
  return loadPackage('ai', () => import('ai'), neededBy);
}

function isNotFound(error: unknown, name: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  const message = errorMessage(error);
  // A missing dependency of the package itself also fails with these codes: then the message
  // names that other package, and installing `name` would not help.
  const escaped = name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  if (!new RegExp(`(^|[\\s'"])${escaped}($|[\\s'"/),])`).test(message)) return false;
  if (typeof code === 'string' && NOT_FOUND_CODES.has(code)) return true;
  // Vite-based runners (vitest) report a missing package without a code.
  return /cannot find (package|module)|failed to (load|resolve)/i.test(message);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
