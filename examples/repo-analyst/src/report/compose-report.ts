import type { WriterFacts } from './writer-facts.js';

/** How the report was made, from the run's supervisor events. */
export interface ReportProvenance {
  readonly runId: string;
  readonly generatedAt: string;
  /** `offline-planner (template)` or the planning model's id. */
  readonly planner: string;
  /** `offline-writer` or the writing model's id. */
  readonly writer: string;
  readonly approvedBy: string;
  /** Task id → the agent that carried it out. */
  readonly tasks: readonly {
    readonly id: string;
    readonly title: string;
    readonly agent: string;
  }[];
}

/**
 * The whole Markdown report: the writer's summary, then the facts as tables. The tables are
 * built from the facts here, never by a model, so their numbers are exact.
 */
export function composeReport(
  facts: WriterFacts,
  summary: string,
  provenance: ReportProvenance,
): string {
  const out: string[] = [`# Repository health report: ${facts.root}`, ''];
  out.push(`Run \`${provenance.runId}\`, ${provenance.generatedAt}.`, '');
  out.push('## Summary', '', summary.trim(), '');
  out.push(...codeSection(facts), ...manifestSection(facts), ...gitSection(facts));
  out.push(...todoSection(facts), ...provenanceSection(provenance));
  return `${out.join('\n').trimEnd()}\n`;
}

function table(
  header: readonly string[],
  rows: readonly (readonly (string | number)[])[],
): string[] {
  const cell = (value: string | number) =>
    String(value).replaceAll('|', '\\|').replaceAll('\n', ' ');
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
    '',
  ];
}

function codeSection({ codeStats, metrics }: WriterFacts): string[] {
  if (!codeStats) return ['## Code by language', '', '_Not collected in this run._', ''];
  const share = new Map(metrics?.shareOfLinesByExtension.map((row) => [row.extension, row.share]));
  const out = ['## Code by language', ''];
  out.push(
    `${codeStats.totalFiles} files, ${codeStats.totalLines} lines, ${codeStats.totalBytes} bytes.`,
    '',
  );
  out.push(
    ...table(
      ['Extension', 'Files', 'Lines', 'Bytes', 'Share of lines'],
      codeStats.byExtension.map((row) => [
        row.extension,
        row.files,
        row.lines,
        row.bytes,
        share.has(row.extension) ? `${share.get(row.extension)}%` : '-',
      ]),
    ),
  );
  if (metrics)
    out.push(
      `Average per file: ${metrics.averageLinesPerFile} lines, ${metrics.averageBytesPerFile} bytes (computed in the isolated-vm sandbox in ${metrics.sandboxMs} ms).`,
      '',
    );
  out.push(`Skipped: ${codeStats.skipped.map((source) => `\`${source}\``).join(', ')}.`, '');
  if (codeStats.truncatedFiles.length > 0)
    out.push(`Counted from their first 4 MiB: ${codeStats.truncatedFiles.join(', ')}.`, '');
  return out;
}

function manifestSection({ manifests }: WriterFacts): string[] {
  if (!manifests) return ['## Dependency manifests', '', '_Not collected in this run._', ''];
  const out = ['## Dependency manifests', ''];
  if (manifests.manifests.length === 0) out.push('No package.json found.', '');
  else
    out.push(
      ...table(
        ['Manifest', 'Name', 'Version', 'Private', 'Deps', 'Dev deps', 'Peer deps'],
        manifests.manifests.map((m) => [
          m.path,
          m.name ?? '-',
          m.version ?? '-',
          m.private ? 'yes' : 'no',
          m.dependencies,
          m.devDependencies,
          m.peerDependencies,
        ]),
      ),
    );
  for (const bad of manifests.unreadable)
    out.push(`- ${bad.path} could not be parsed: ${bad.reason}`);
  return out;
}

function gitSection({ git }: WriterFacts): string[] {
  if (!git) return ['## Git history', '', '_Not collected in this run._', ''];
  const out = ['## Git history', ''];
  if (!git.isRepository || git.commitCount === 0) {
    out.push(`No history: ${git.reason ?? 'no commits'}.`, '');
    return out;
  }
  out.push(`${git.commitCount} commits by ${git.authors.length} author(s).`, '');
  out.push(
    ...table(
      ['Author', 'Commits'],
      git.authors.slice(0, 10).map((a) => [a.name, a.commits]),
    ),
  );
  out.push('Recent commits:', '');
  out.push(
    ...table(
      ['Commit', 'Date', 'Author', 'Subject'],
      git.recentCommits.map((c) => [`\`${c.hash}\``, c.date, c.author, c.subject]),
    ),
  );
  return out;
}

function todoSection({ todos }: WriterFacts): string[] {
  if (!todos) return ['## TODO and FIXME markers', '', '_Not collected in this run._', ''];
  const out = ['## TODO and FIXME markers', ''];
  if (todos.total === 0) return [...out, 'None found.', ''];
  const listed =
    todos.total > todos.markers.length ? ` (the first ${todos.markers.length} listed)` : '';
  out.push(`${todos.total} marker(s)${listed}:`, '');
  for (const marker of todos.markers)
    out.push(`- \`${marker.file}:${marker.line}\` ${marker.marker}: ${marker.text}`);
  return [...out, ''];
}

function provenanceSection(provenance: ReportProvenance): string[] {
  return [
    '## How this report was made',
    '',
    `Planned by ${provenance.planner}, approved by ${provenance.approvedBy}, summary written by ${provenance.writer}.`,
    '',
    ...table(
      ['Task', 'Title', 'Agent'],
      provenance.tasks.map((task) => [task.id, task.title, task.agent]),
    ),
  ];
}
