import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect } from 'vitest';
import { createTempRepository } from '../../../examples/repo-analyst/src/test/temp-repository.js';

/** The main job: the repo-analyst example's job file. */
export const ANALYST_JOB = fileURLToPath(
  new URL('../../../examples/repo-analyst/src/job.ts', import.meta.url),
);

/**
 * Returns makers of temporary directories (a working directory, a small git repository), all
 * removed after each test of the calling file.
 */
export function useTempDirs(): { tempDir: () => string; tempRepository: () => string } {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return {
    tempDir() {
      const dir = mkdtempSync(join(tmpdir(), 'agenticflow-cli-'));
      dirs.push(dir);
      return dir;
    },
    /** The repo-analyst test repository: TypeScript, Python, a TODO, two commits. */
    tempRepository() {
      const repo = createTempRepository({ git: true });
      dirs.push(repo);
      return repo;
    },
  };
}

/** The JSON lines of a `--json` output. */
export const jsonLines = (text: string) =>
  text
    .trim()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));

/** Checks that the report the CLI wrote for `runId` in `cwd` holds the test repository's facts. */
export function expectRealReport(cwd: string, runId: string): void {
  const report = readFileSync(join(cwd, '.agenticflow', 'reports', `${runId}.md`), 'utf8');
  expect(report).toMatch(/^\| \.ts \| 2 \| 7 \|/m);
  expect(report).toMatch(/^\| \.py \| 1 \| 5 \|/m);
  expect(report).toContain('2 commits by 1 author(s)');
  expect(report).toContain('`src/app.ts:2` TODO: read the operands from argv');
  expect(report).toContain('1 marker(s)');
}
