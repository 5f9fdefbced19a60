#!/usr/bin/env node
// The quickstart entry point: works on a fresh machine that has Node 20.19+ and npm but no pnpm.
//   node scripts/bootstrap.mjs demo         runs the main job on the embedded default
//   node scripts/bootstrap.mjs test         lint, typecheck and every test suite
//   node scripts/bootstrap.mjs bench [W..]  the benchmarks (see bench/README.md)
//   node scripts/bootstrap.mjs check-packages  publint + attw on every published package
// It finds pnpm (or installs the pinned version into .tooling/ with npm), installs the workspace
// from the lockfile, then runs the task through turbo.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const pnpmVersion = manifest.packageManager.replace(/^pnpm@/, '');
const [task, ...args] = process.argv.slice(2);

const DEMO_PACKAGE = '@agenticflow-examples/repo-analyst';

// Preparation steps (install, build) print to stderr, so stdout carries only the task's own output:
// `pnpm bench > figures.jsonl` then holds JSON lines alone.
const PREPARE = { stdio: ['inherit', process.stderr, 'inherit'] };

function run(command, commandArgs, options = {}) {
  const result = spawnSync(command, commandArgs, {
    cwd: root,
    stdio: 'inherit',
    env: process.env,
    ...options,
  });
  if (result.error) {
    console.error(`bootstrap: could not run ${command}: ${result.error.message}`);
    process.exit(1);
  }
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    console.error(
      `bootstrap: AgenticFlow needs Node.js >= 20.19, this is ${process.versions.node}. Install a newer Node.js and retry.`,
    );
    process.exit(1);
  }
}

function ensurePnpm() {
  const wantedMajor = pnpmVersion.split('.')[0];
  const onPath = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  if (onPath.status === 0 && onPath.stdout.trim().split('.')[0] === wantedMajor) return;
  const toolingBin = join(root, '.tooling', 'node_modules', '.bin');
  if (!existsSync(join(toolingBin, 'pnpm'))) {
    console.log(
      `bootstrap: pnpm ${wantedMajor} not found; installing pnpm@${pnpmVersion} into .tooling/ with npm`,
    );
    run(
      'npm',
      [
        'install',
        '--prefix',
        join(root, '.tooling'),
        '--no-save',
        '--no-package-lock',
        '--no-audit',
        '--no-fund',
        `pnpm@${pnpmVersion}`,
      ],
      PREPARE,
    );
  }
  process.env.PATH = `${toolingBin}${delimiter}${process.env.PATH}`;
}

function install() {
  run('pnpm', ['install', '--frozen-lockfile', '--prefer-offline'], PREPARE);
}

const tasks = {
  demo() {
    run(
      'pnpm',
      ['exec', 'turbo', 'run', 'build', `--filter=${DEMO_PACKAGE}...`, '--output-logs=errors-only'],
      PREPARE,
    );
    run('pnpm', ['--filter', DEMO_PACKAGE, 'start', ...args]);
  },
  test() {
    run('pnpm', ['exec', 'biome', 'check', '.']);
    // --continue: every failing package is reported, not only the first.
    run('pnpm', [
      'exec',
      'turbo',
      'run',
      'typecheck',
      'test',
      '--concurrency=2',
      '--continue',
      ...args,
    ]);
  },
  'check-packages'() {
    run('pnpm', ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only'], PREPARE);
    run('node', ['scripts/check-packages.mjs']);
    // Every changeset must parse, or the next release cannot be planned.
    run('pnpm', ['exec', 'changeset', 'status']);
  },
  bench() {
    run('pnpm', ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only'], PREPARE);
    run('pnpm', ['--filter', '@agenticflow-internal/bench', '--silent', 'start', ...args]);
  },
};

if (!tasks[task]) {
  console.error(`usage: node scripts/bootstrap.mjs <${Object.keys(tasks).join('|')}> [args...]`);
  process.exit(2);
}
checkNode();
ensurePnpm();
install();
tasks[task]();
