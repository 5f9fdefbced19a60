import type { SupervisorWorker } from '@agenticflow/agents';
import type { JsonValue } from '@agenticflow/core';
import type { ManifestFacts, ManifestInfo } from '../facts.js';
import type { Toolbox } from '../toolbox.js';
import { readText, walkRepository } from './repo-walker.js';

/** Reads every `package.json`: name, version and how many dependencies of each sort it declares. */
export function manifestReader(
  toolbox: Toolbox,
  extraSkipped: readonly string[] = [],
): SupervisorWorker {
  const caller = { id: 'manifest-reader', grants: toolbox.grants('reader') };
  return {
    id: 'manifest-reader',
    capabilities: ['manifests'],
    async perform(_task, context) {
      const { files } = await walkRepository(toolbox, caller, context, extraSkipped);
      const manifests: ManifestInfo[] = [];
      const unreadable: { path: string; reason: string }[] = [];
      for (const file of files) {
        if (file.path !== 'package.json' && !file.path.endsWith('/package.json')) continue;
        const read = await readText(toolbox, caller, context, file.path);
        if (!read) continue;
        try {
          manifests.push(describe(file.path, JSON.parse(read.content) as unknown));
        } catch (error) {
          unreadable.push({ path: file.path, reason: (error as Error).message });
        }
      }
      const facts: ManifestFacts = { kind: 'manifests', manifests, unreadable };
      return facts as unknown as JsonValue;
    },
  };
}

function describe(path: string, manifest: unknown): ManifestInfo {
  if (manifest === null || typeof manifest !== 'object' || Array.isArray(manifest))
    throw new TypeError(`expected a JSON object, got ${JSON.stringify(manifest)?.slice(0, 40)}`);
  const fields = manifest as Record<string, unknown>;
  const count = (key: string) => {
    const value = fields[key];
    return value !== null && typeof value === 'object' ? Object.keys(value).length : 0;
  };
  return {
    path,
    name: typeof fields.name === 'string' ? fields.name : null,
    version: typeof fields.version === 'string' ? fields.version : null,
    private: fields.private === true,
    dependencies: count('dependencies'),
    devDependencies: count('devDependencies'),
    peerDependencies: count('peerDependencies'),
  };
}
