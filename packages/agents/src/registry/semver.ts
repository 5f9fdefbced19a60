import { ValidationError } from '@agenticflow/core';

/** A parsed semantic version. */
export interface SemVer {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** Pre-release identifiers (`1.0.0-rc.1` → `['rc', 1]`); empty for a release. */
  readonly prerelease: readonly (string | number)[];
}

const VERSION =
  /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/** Parses `major.minor.patch[-pre][+build]`, or returns `undefined`. */
export function tryParseVersion(text: string): SemVer | undefined {
  const match = VERSION.exec(text.trim());
  if (!match) return undefined;
  const prerelease = match[4]
    ? match[4].split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part))
    : [];
  return {
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: Number(match[3]),
    prerelease,
  };
}

/** Parses a version; throws `VALIDATION_FAILED` naming the value when it is not semver. */
export function parseVersion(text: unknown, path: readonly (string | number)[] = []): SemVer {
  const parsed = typeof text === 'string' ? tryParseVersion(text) : undefined;
  if (!parsed)
    throw new ValidationError('invalid version', [
      {
        path,
        message: `${JSON.stringify(text)} is not a semantic version: write major.minor.patch, such as "1.4.0"`,
      },
    ]);
  return parsed;
}

/** Orders two versions by semver precedence: negative, zero or positive. */
export function compareVersions(a: SemVer, b: SemVer): number {
  const core = a.major - b.major || a.minor - b.minor || a.patch - b.patch;
  if (core !== 0) return Math.sign(core);
  // A release sorts after its pre-releases: 1.0.0-rc.1 < 1.0.0.
  if (a.prerelease.length === 0) return b.prerelease.length === 0 ? 0 : 1;
  if (b.prerelease.length === 0) return -1;
  const length = Math.max(a.prerelease.length, b.prerelease.length);
  for (let index = 0; index < length; index += 1) {
    const left = a.prerelease[index];
    const right = b.prerelease[index];
    if (left === undefined) return -1;
    if (right === undefined) return 1;
    if (left === right) continue;
    if (typeof left === 'number' && typeof right === 'number') return left < right ? -1 : 1;
    if (typeof left === 'number') return -1;
    if (typeof right === 'number') return 1;
    return left < right ? -1 : 1;
  }
  return 0;
}

/** `major.minor.patch[-pre]` text of a version. */
export function formatVersion(version: SemVer): string {
  const pre = version.prerelease.length > 0 ? `-${version.prerelease.join('.')}` : '';
  return `${version.major}.${version.minor}.${version.patch}${pre}`;
}
