/** Directories never analysed: dependencies, build output, VCS data, AgenticFlow's own data. */
export const ALWAYS_SKIPPED = [
  '.git',
  'node_modules',
  'dist',
  '.turbo',
  '.agenticflow',
  'coverage',
];

interface Rule {
  readonly source: string;
  readonly pattern: RegExp;
  /** Matched against the whole relative path (the pattern holds a `/`), else the base name. */
  readonly anchored: boolean;
  readonly directoryOnly: boolean;
}

/**
 * The patterns of a root `.gitignore`, enough of them for the usual cases: globs with `*`, `?`
 * and `**`, a trailing `/` for directories, a `/` inside for paths from the root. Negations
 * (`!keep.me`) are not supported and are reported, so that a count that differs can be explained.
 */
export class IgnoreRules {
  private readonly rules: Rule[] = [];
  /** Lines that were not understood. */
  readonly unsupported: string[] = [];

  constructor(gitignore = '', extraDirectories: readonly string[] = []) {
    for (const name of [...ALWAYS_SKIPPED, ...extraDirectories]) this.add(`${name}/`);
    for (const raw of gitignore.split(/\r?\n/)) {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) continue;
      if (line.startsWith('!')) this.unsupported.push(line);
      else this.add(line);
    }
  }

  /** Whether `path` (relative, `/`-separated) is ignored. */
  ignores(path: string, isDirectory: boolean): boolean {
    const name = path.slice(path.lastIndexOf('/') + 1);
    return this.rules.some(
      (rule) =>
        (!rule.directoryOnly || isDirectory) && rule.pattern.test(rule.anchored ? path : name),
    );
  }

  /** The patterns in effect, for the report. */
  get sources(): string[] {
    return this.rules.map((rule) => rule.source);
  }

  private add(source: string): void {
    if (this.rules.some((rule) => rule.source === source || `/${rule.source}` === source)) return;
    const directoryOnly = source.endsWith('/');
    let body = directoryOnly ? source.slice(0, -1) : source;
    const anchored = body.includes('/');
    if (body.startsWith('/')) body = body.slice(1);
    if (body === '') return;
    this.rules.push({ source, pattern: globToRegExp(body), anchored, directoryOnly });
  }
}

function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index]!;
    if (char === '*' && glob[index + 1] === '*') {
      // `**/` matches any number of directories, a trailing `**` everything below.
      out += glob[index + 2] === '/' ? '(?:.*/)?' : '.*';
      index += glob[index + 2] === '/' ? 2 : 1;
    } else if (char === '*') out += '[^/]*';
    else if (char === '?') out += '[^/]';
    else out += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}
