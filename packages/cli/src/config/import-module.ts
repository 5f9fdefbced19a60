import { extname } from 'node:path';
import { pathToFileURL } from 'node:url';

let unregister: (() => Promise<void>) | undefined;

/** Whether a file needs tsx's loader to be imported. */
function needsTsx(file: string): boolean {
  return ['.ts', '.mts', '.cts', '.tsx'].includes(extname(file));
}

/**
 * Imports a JavaScript or TypeScript module. TypeScript goes through tsx's `register` API, which
 * is installed once, for the whole process, so that a job file's own imports of `.ts` files work.
 */
export async function importModule(file: string): Promise<Record<string, unknown>> {
  if (needsTsx(file) && unregister === undefined) {
    const { register } = await import('tsx/esm/api');
    unregister = register();
  }
  return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
}
