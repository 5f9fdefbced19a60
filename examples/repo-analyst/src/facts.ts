// The facts each worker hands on, tagged by `kind` so that the writer finds them whatever ids a
// planning model gave the tasks. They travel as task results, so they are plain JSON.

/** Files, lines and bytes of one file extension. */
export interface ExtensionStats {
  /** `.ts`, `.md`…; `(none)` for files without one (`Makefile`, `.gitignore`). */
  readonly extension: string;
  readonly files: number;
  /** Lines of the text files; binary files count 0. */
  readonly lines: number;
  readonly bytes: number;
}

export interface CodeStatsFacts {
  readonly kind: 'code-stats';
  readonly totalFiles: number;
  readonly totalLines: number;
  readonly totalBytes: number;
  /** Sorted by lines, then files, descending. */
  readonly byExtension: readonly ExtensionStats[];
  /** Directory names and root `.gitignore` patterns that were skipped. */
  readonly skipped: readonly string[];
  /** Files longer than the read limit: their lines are counted from the part read. */
  readonly truncatedFiles: readonly string[];
}

export interface ManifestInfo {
  /** Relative path of the `package.json`. */
  readonly path: string;
  readonly name: string | null;
  readonly version: string | null;
  readonly private: boolean;
  readonly dependencies: number;
  readonly devDependencies: number;
  readonly peerDependencies: number;
}

export interface ManifestFacts {
  readonly kind: 'manifests';
  readonly manifests: readonly ManifestInfo[];
  /** Manifests that could not be parsed, with the reason. */
  readonly unreadable: readonly { readonly path: string; readonly reason: string }[];
}

export interface CommitInfo {
  readonly hash: string;
  readonly date: string;
  readonly author: string;
  readonly subject: string;
}

export interface GitFacts {
  readonly kind: 'git-history';
  /** False when the directory is not (inside) a git work tree; the other fields are then empty. */
  readonly isRepository: boolean;
  readonly reason?: string;
  readonly commitCount: number;
  readonly authors: readonly { readonly name: string; readonly commits: number }[];
  readonly recentCommits: readonly CommitInfo[];
}

export interface TodoMarker {
  readonly file: string;
  readonly line: number;
  readonly marker: 'TODO' | 'FIXME';
  readonly text: string;
}

export interface TodoFacts {
  readonly kind: 'todos';
  /** Every marker found, though only the first `limit` are listed. */
  readonly total: number;
  readonly limit: number;
  readonly markers: readonly TodoMarker[];
}

export interface MetricFacts {
  readonly kind: 'metrics';
  /** Computed inside the sandbox, from the code stats. */
  readonly averageLinesPerFile: number;
  readonly averageBytesPerFile: number;
  readonly largestExtensionByLines: string | null;
  readonly shareOfLinesByExtension: readonly {
    readonly extension: string;
    readonly share: number;
  }[];
  readonly sandboxMs: number;
}

export interface ReportFacts {
  readonly kind: 'report';
  /** Where the Markdown was written. */
  readonly path: string;
  /** Who wrote the narrative: a model id, or `offline-writer`. */
  readonly writer: string;
  readonly bytes: number;
}

export type Facts =
  | CodeStatsFacts
  | ManifestFacts
  | GitFacts
  | TodoFacts
  | MetricFacts
  | ReportFacts;

/** The facts of one kind among task results (the first found), if any. */
export function findFacts<Kind extends Facts['kind']>(
  results: Readonly<Record<string, unknown>>,
  kind: Kind,
): Extract<Facts, { kind: Kind }> | undefined {
  for (const value of Object.values(results)) {
    if (value !== null && typeof value === 'object' && (value as { kind?: unknown }).kind === kind)
      return value as Extract<Facts, { kind: Kind }>;
  }
  return undefined;
}
