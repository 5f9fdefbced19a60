import { ValidationError } from '@agenticflow/core';
import { compareVersions, type SemVer, tryParseVersion } from './semver.js';

type Operator = '<' | '<=' | '>' | '>=' | '=';

interface Comparator {
  readonly operator: Operator;
  readonly version: SemVer;
}

/** A parsed version range: alternatives (`||`) of comparator sets (space = and). */
export interface VersionRange {
  readonly text: string;
  readonly sets: readonly (readonly Comparator[])[];
}

const PARTIAL =
  /^v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

interface Partial {
  readonly major?: number;
  readonly minor?: number;
  readonly patch?: number;
  readonly prerelease: readonly (string | number)[];
}

/**
 * Parses an npm-style range: exact (`1.2.3`, `=1.2.3`), `^`, `~`, comparators (`>=`, `>`, `<`,
 * `<=`), x-ranges (`1.x`, `1.2.*`, `*`), hyphen ranges (`1.2 - 2.3`), spaces as AND and `||` as
 * OR. Throws `VALIDATION_FAILED` naming the part it could not read.
 *
 * @example
 * ```ts
 * satisfiesRange('1.4.2', parseVersionRange('^1.2.0 || >=3')); // true
 * ```
 */
export function parseVersionRange(text: unknown): VersionRange {
  if (typeof text !== 'string')
    throw invalid(text, `must be a string such as "^1.2.0", got ${typeof text}`);
  const sets = text.split('||').map((alternative) => parseSet(text, alternative.trim()));
  return { text, sets };
}

/** True when `version` is in `range` (pre-releases only match a comparator of the same x.y.z with a pre-release, as npm does). */
export function satisfiesRange(version: SemVer | string, range: VersionRange | string): boolean {
  const parsed = typeof version === 'string' ? tryParseVersion(version) : version;
  if (!parsed) return false;
  const resolved = typeof range === 'string' ? parseVersionRange(range) : range;
  return resolved.sets.some((set) => satisfiesSet(parsed, set));
}

function satisfiesSet(version: SemVer, set: readonly Comparator[]): boolean {
  for (const comparator of set) if (!test(version, comparator)) return false;
  if (version.prerelease.length === 0) return true;
  return set.some(
    ({ version: bound }) =>
      bound.prerelease.length > 0 &&
      bound.major === version.major &&
      bound.minor === version.minor &&
      bound.patch === version.patch,
  );
}

function test(version: SemVer, { operator, version: bound }: Comparator): boolean {
  const order = compareVersions(version, bound);
  switch (operator) {
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
    default:
      return order === 0;
  }
}

function parseSet(whole: string, text: string): Comparator[] {
  if (text === '') return [];
  const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(text);
  if (hyphen) {
    const low = partial(whole, hyphen[1]!);
    const high = partial(whole, hyphen[2]!);
    return [...lowerBound(low, '>='), ...upperBound(high, '<=')];
  }
  const tokens = text.replace(/(<=|>=|<|>|=|\^|~)\s+/g, '$1').split(/\s+/);
  return tokens.flatMap((token) => parseComparator(whole, token));
}

function parseComparator(whole: string, token: string): Comparator[] {
  const match = /^(<=|>=|<|>|=|\^|~)?(.*)$/.exec(token)!;
  const operator = match[1] ?? '';
  const part = partial(whole, match[2]!);
  switch (operator) {
    case '^':
      return caret(part);
    case '~':
      return tilde(part);
    case '>=':
    case '>':
      return lowerBound(part, operator);
    case '<=':
    case '<':
      return upperBound(part, operator);
    default:
      return exactOrX(part);
  }
}

function partial(whole: string, text: string): Partial {
  const match = PARTIAL.exec(text);
  if (!match) throw invalid(whole, `cannot read ${JSON.stringify(text)}`);
  const read = (value: string | undefined) =>
    value === undefined || /^[xX*]$/.test(value) ? undefined : Number(value);
  const major = read(match[1]);
  const minor = major === undefined ? undefined : read(match[2]);
  const patch = minor === undefined ? undefined : read(match[3]);
  const prerelease =
    patch !== undefined && match[4]
      ? match[4].split('.').map((id) => (/^\d+$/.test(id) ? Number(id) : id))
      : [];
  return { major, minor, patch, prerelease };
}

const v = (major: number, minor = 0, patch = 0, prerelease: Partial['prerelease'] = []) => ({
  major,
  minor,
  patch,
  prerelease,
});
const at = (operator: Operator, version: SemVer): Comparator => ({ operator, version });
const floor = (p: Partial) => v(p.major ?? 0, p.minor ?? 0, p.patch ?? 0, p.prerelease);

function caret(p: Partial): Comparator[] {
  if (p.major === undefined) return [];
  const low = at('>=', floor(p));
  if (p.major > 0 || p.minor === undefined) return [low, at('<', v(p.major + 1))];
  if (p.minor > 0 || p.patch === undefined) return [low, at('<', v(0, p.minor + 1))];
  return [low, at('<', v(0, 0, p.patch + 1))];
}

function tilde(p: Partial): Comparator[] {
  if (p.major === undefined) return [];
  const low = at('>=', floor(p));
  if (p.minor === undefined) return [low, at('<', v(p.major + 1))];
  return [low, at('<', v(p.major, p.minor + 1))];
}

function exactOrX(p: Partial): Comparator[] {
  if (p.major === undefined) return [];
  if (p.patch !== undefined) return [at('=', floor(p))];
  return [...lowerBound(p, '>='), ...upperBound(p, '<=')];
}

function lowerBound(p: Partial, operator: '>=' | '>'): Comparator[] {
  if (p.major === undefined) return operator === '>' ? [at('<', v(0))] : [];
  if (p.patch !== undefined) return [at(operator, floor(p))];
  if (operator === '>=') return [at('>=', floor(p))];
  return [at('>=', p.minor === undefined ? v(p.major + 1) : v(p.major, p.minor + 1))];
}

function upperBound(p: Partial, operator: '<=' | '<'): Comparator[] {
  if (p.major === undefined) return operator === '<' ? [at('<', v(0))] : [];
  if (p.patch !== undefined) return [at(operator, floor(p))];
  if (operator === '<') return [at('<', floor(p))];
  return [at('<', p.minor === undefined ? v(p.major + 1) : v(p.major, p.minor + 1))];
}

function invalid(range: unknown, problem: string): ValidationError {
  return new ValidationError('invalid version range', [
    {
      path: ['version'],
      message: `${JSON.stringify(range)}: ${problem}; write a range such as "1.2.3", "^1.2", "~1.2.3", ">=1 <3", "1.x" or "^1 || ^2"`,
    },
  ]);
}
