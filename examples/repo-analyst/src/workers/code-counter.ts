import type { SupervisorWorker } from '@agenticflow/agents';
import type { JsonValue } from '@agenticflow/core';
import type { CodeStatsFacts, ExtensionStats } from '../facts.js';
import type { Toolbox } from '../toolbox.js';
import { extensionOf, isBinary, readText, walkRepository } from './repo-walker.js';

/** Counts files, lines and bytes per extension, reading each file through the filesystem tool. */
export function codeCounter(
  toolbox: Toolbox,
  extraSkipped: readonly string[] = [],
): SupervisorWorker {
  const caller = { id: 'code-counter', grants: toolbox.grants('reader') };
  return {
    id: 'code-counter',
    capabilities: ['code-stats'],
    async perform(_task, context) {
      const { files, rules } = await walkRepository(toolbox, caller, context, extraSkipped);
      const table = new Map<string, { files: number; lines: number; bytes: number }>();
      const truncatedFiles: string[] = [];
      for (const file of files) {
        const read = await readText(toolbox, caller, context, file.path);
        const row = table.get(extensionOf(file.path)) ?? { files: 0, lines: 0, bytes: 0 };
        row.files += 1;
        row.bytes += read?.bytes ?? file.bytes;
        if (read && !isBinary(read.content)) row.lines += countLines(read.content);
        if (read?.truncated) truncatedFiles.push(file.path);
        table.set(extensionOf(file.path), row);
      }
      const byExtension: ExtensionStats[] = [...table]
        .map(([extension, row]) => ({ extension, ...row }))
        .sort(
          (a, b) =>
            b.lines - a.lines || b.files - a.files || a.extension.localeCompare(b.extension),
        );
      const facts: CodeStatsFacts = {
        kind: 'code-stats',
        totalFiles: files.length,
        totalLines: byExtension.reduce((total, row) => total + row.lines, 0),
        totalBytes: byExtension.reduce((total, row) => total + row.bytes, 0),
        byExtension,
        skipped: rules.sources,
        truncatedFiles,
      };
      return facts as unknown as JsonValue;
    },
  };
}

/** Lines as `wc -l` counts them, plus a last line without a final newline. */
export function countLines(content: string): number {
  if (content === '') return 0;
  let lines = 0;
  for (let index = content.indexOf('\n'); index !== -1; index = content.indexOf('\n', index + 1))
    lines++;
  return content.endsWith('\n') ? lines : lines + 1;
}
