import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** What the test repository holds, to compare the report against. */
export const REPOSITORY_FILES: Record<string, string> = {
  'src/app.ts':
    "import { add } from './math.js';\n// TODO: read the operands from argv\nconsole.log(add(1, 2));\n",
  'src/math.ts':
    'export function add(a: number, b: number): number {\n  return a + b;\n}\nexport const zero = 0;\n',
  'tools/report.py': 'import sys\n\n\ndef main():\n    print(sys.argv)\n',
  'package.json':
    '{\n  "name": "tiny",\n  "version": "1.2.3",\n  "dependencies": { "left-pad": "^1.3.0" }\n}\n',
  '.gitignore': 'build/\n*.log\n',
  // Ignored: by .gitignore, and node_modules always.
  'build/out.ts': 'export const built = true;\n',
  'debug.log': 'noise\n',
  'node_modules/left-pad/index.js': 'module.exports = 1;\n',
};

/** Creates a directory with {@link REPOSITORY_FILES}; with `git`, two commits of them. */
export function createTempRepository(options: { readonly git: boolean }): string {
  const root = mkdtempSync(join(tmpdir(), 'repo-analyst-'));
  const write = (path: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), REPOSITORY_FILES[path]!);
  };
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: root,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'Ada',
        GIT_AUTHOR_EMAIL: 'ada@example.com',
        GIT_COMMITTER_NAME: 'Ada',
        GIT_COMMITTER_EMAIL: 'ada@example.com',
      },
    });
  for (const path of ['src/math.ts', 'package.json', '.gitignore']) write(path);
  if (options.git) {
    git('init', '--quiet');
    git('add', '.');
    git('commit', '--quiet', '-m', 'math and manifest');
  }
  for (const path of Object.keys(REPOSITORY_FILES)) write(path);
  if (options.git) {
    git('add', '.');
    git('commit', '--quiet', '-m', 'app and report script');
  }
  return root;
}
