import type { SupervisorWorker } from '@agenticflow/agents';
import type { JsonValue } from '@agenticflow/core';
import type { TodoFacts, TodoMarker } from '../facts.js';
import type { Toolbox } from '../toolbox.js';
import { isBinary, readText, walkRepository } from './repo-walker.js';

/** Markers listed in the report; the total counts them all. */
export const TODO_LIMIT = 50;
// A comment opener, the marker, then `:` or `(`: prose and headings about TODOs do not count.
const MARKER = /(?:^|\/\/|#|\/\*|\*|<!--|--)\s*(TODO|FIXME)\s*[:(]\s*(.*)$/;

/** Finds TODO and FIXME markers, as `file:line`, through the filesystem tool. */
export function todoFinder(
  toolbox: Toolbox,
  extraSkipped: readonly string[] = [],
): SupervisorWorker {
  const caller = { id: 'todo-finder', grants: toolbox.grants('reader') };
  return {
    id: 'todo-finder',
    capabilities: ['todo-scan'],
    async perform(_task, context) {
      const { files } = await walkRepository(toolbox, caller, context, extraSkipped);
      const markers: TodoMarker[] = [];
      let total = 0;
      for (const file of files) {
        const read = await readText(toolbox, caller, context, file.path);
        if (!read || isBinary(read.content)) continue;
        const lines = read.content.split('\n');
        for (const [index, line] of lines.entries()) {
          const match = MARKER.exec(line);
          if (!match) continue;
          total++;
          if (markers.length < TODO_LIMIT)
            markers.push({
              file: file.path,
              line: index + 1,
              marker: match[1] as TodoMarker['marker'],
              text: match[2]!.trim().slice(0, 120),
            });
        }
      }
      const facts: TodoFacts = { kind: 'todos', total, limit: TODO_LIMIT, markers };
      return facts as unknown as JsonValue;
    },
  };
}
