import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { type CodeStatsFacts, findFacts } from './facts.js';
import { analyseRepository } from './run-analysis.js';

const repository = fileURLToPath(new URL('../../../', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'repo-analyst-data-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Files per extension as git sees them: tracked and untracked, minus ignored and deleted ones. */
function gitCount(): Record<string, number> {
  const listed = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], {
    cwd: repository,
    encoding: 'utf8',
  });
  const counts: Record<string, number> = {};
  for (const path of listed.split('\0')) {
    if (path === '' || !existsSync(join(repository, path))) continue;
    const extension = extname(path).toLowerCase() || '(none)';
    counts[extension] = (counts[extension] ?? 0) + 1;
  }
  return counts;
}

it('counts as many files per extension in this repository as git ls-files', async () => {
  const outcome = await analyseRepository({ root: repository, dataDir });
  if (outcome.status !== 'completed') throw new Error(`run stopped: ${outcome.status}`);
  const stats = findFacts(outcome.output.results, 'code-stats') as CodeStatsFacts;
  const counted = Object.fromEntries(stats.byExtension.map((row) => [row.extension, row.files]));
  expect(counted).toEqual(gitCount());
  expect(stats.totalFiles).toBeGreaterThan(100);
});
