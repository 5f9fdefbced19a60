#!/usr/bin/env node
// Packs every published workspace package the way `pnpm publish` would, then checks the tarball
// with publint (strict) and @arethetypeswrong/cli (esm-only profile). Run after `pnpm build`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const packagesDir = join(root, 'packages');
const outDir = mkdtempSync(join(tmpdir(), 'agenticflow-pack-'));
const failures = [];

for (const name of readdirSync(packagesDir).sort()) {
  const dir = join(packagesDir, name);
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  } catch {
    continue;
  }
  if (manifest.private) continue;
  console.log(`\n== ${manifest.name}`);
  try {
    const before = new Set(readdirSync(outDir));
    execFileSync('pnpm', ['pack', '--pack-destination', outDir], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const tarball = readdirSync(outDir).find((file) => !before.has(file));
    if (!tarball) throw new Error('pnpm pack produced no tarball');
    const path = join(outDir, tarball);
    execFileSync('pnpm', ['exec', 'publint', 'run', path, '--strict'], {
      cwd: root,
      stdio: 'inherit',
    });
    execFileSync(
      'pnpm',
      [
        'exec',
        'attw',
        path,
        '--profile',
        'esm-only',
        '--no-emoji',
        '--no-color',
        '--format',
        'table-flipped',
      ],
      { cwd: root, stdio: 'inherit' },
    );
  } catch (error) {
    failures.push(`${manifest.name}: ${error.message.split('\n')[0]}`);
  }
}

rmSync(outDir, { recursive: true, force: true });
if (failures.length > 0) {
  console.error(
    `\ncheck:packages failed for ${failures.length} package(s):\n  ${failures.join('\n  ')}`,
  );
  process.exit(1);
}
console.log('\ncheck:packages: every published package passes publint and attw (esm-only).');
