import type * as Zod from 'zod';

let loaded: typeof Zod.z | undefined;

/**
 * zod, loaded on first use. Importing zod takes tens of milliseconds, so this package does not
 * import it at load time (like core and tools): only the few synchronous paths that need zod
 * itself, rather than a schema the user passed, load it.
 */
export function lazyZod(): typeof Zod.z {
  if (!loaded) {
    const { createRequire } = process.getBuiltinModule('node:module');
    loaded = (createRequire(import.meta.url)('zod') as typeof Zod).z;
  }
  return loaded;
}
