import { expectThrownCode } from '@agenticflow/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareVersions, parseVersion } from '../../src/registry/semver.js';
import { parseVersionRange, satisfiesRange } from '../../src/registry/version-range.js';

const cases: [range: string, inside: string[], outside: string[]][] = [
  ['1.2.3', ['1.2.3', 'v1.2.3'], ['1.2.4', '1.2.2']],
  ['=1.2.3', ['1.2.3'], ['1.2.4']],
  ['^1.2.3', ['1.2.3', '1.9.0'], ['2.0.0', '1.2.2', '2.0.0-rc.1']],
  ['^0.2.3', ['0.2.3', '0.2.9'], ['0.3.0', '0.2.2']],
  ['^0.0.3', ['0.0.3'], ['0.0.4']],
  ['^1.x', ['1.0.0', '1.99.0'], ['2.0.0', '0.9.0']],
  ['^0.x', ['0.0.0', '0.9.9'], ['1.0.0']],
  ['~1.2.3', ['1.2.3', '1.2.9'], ['1.3.0', '1.2.2']],
  ['~1.2', ['1.2.0', '1.2.9'], ['1.3.0']],
  ['~1', ['1.0.0', '1.9.0'], ['2.0.0']],
  ['>=1.2.0', ['1.2.0', '5.0.0'], ['1.1.9']],
  ['>1.2', ['1.3.0'], ['1.2.9']],
  ['<1.2', ['1.1.9'], ['1.2.0']],
  ['<=1.2', ['1.2.9'], ['1.3.0']],
  ['<2.0.0', ['1.9.9'], ['2.0.0']],
  ['1.x', ['1.0.0', '1.5.2'], ['2.0.0']],
  ['1.2.*', ['1.2.0', '1.2.7'], ['1.3.0']],
  ['*', ['0.0.1', '9.9.9'], ['1.0.0-alpha']],
  ['', ['3.0.0'], []],
  ['>=1 <3', ['1.0.0', '2.9.9'], ['3.0.0', '0.9.9']],
  ['>= 1.2 < 2', ['1.2.0'], ['2.0.0']],
  ['^1 || ^3', ['1.4.0', '3.0.1'], ['2.0.0', '4.0.0']],
  ['1.2 - 2.3.4', ['1.2.0', '2.3.4'], ['2.3.5', '1.1.9']],
  ['1.2.3 - 2.3', ['2.3.9'], ['2.4.0']],
  ['>=1.0.0-rc.1 <2', ['1.0.0-rc.2', '1.0.0', '1.5.0'], ['1.0.0-rc.0', '1.1.0-beta']],
];

describe('version ranges', () => {
  for (const [range, inside, outside] of cases) {
    it(`"${range}" holds ${inside.join(', ') || 'nothing listed'} and not ${outside.join(', ') || 'nothing listed'}`, () => {
      for (const version of inside) expect(satisfiesRange(version, range), version).toBe(true);
      for (const version of outside) expect(satisfiesRange(version, range), version).toBe(false);
    });
  }

  it('treats a version that is not semver as outside every range', () => {
    expect(satisfiesRange('latest', '*')).toBe(false);
  });

  it('rejects an unreadable range, naming the part it could not read', () => {
    const error = expectThrownCode(() => parseVersionRange('^1.2 || banana'), 'VALIDATION_FAILED');
    expect(error.message).toContain('cannot read "banana"');
    expect(error.message).toContain('write a range such as');
    expectThrownCode(() => parseVersionRange('>='), 'VALIDATION_FAILED');
    expectThrownCode(() => parseVersionRange(3 as never), 'VALIDATION_FAILED');
    expectThrownCode(() => parseVersion('1.2'), 'VALIDATION_FAILED');
  });

  const version = fc
    .tuple(fc.nat(20), fc.nat(20), fc.nat(20))
    .map(([major, minor, patch]) => `${major}.${minor}.${patch}`);

  it('puts every version inside its own exact, caret and tilde ranges', () => {
    fc.assert(
      fc.property(version, (v) => {
        expect(satisfiesRange(v, v)).toBe(true);
        expect(satisfiesRange(v, `^${v}`)).toBe(true);
        expect(satisfiesRange(v, `~${v}`)).toBe(true);
        expect(satisfiesRange(v, `>=${v}`)).toBe(true);
        expect(satisfiesRange(v, `<${v}`)).toBe(false);
      }),
    );
  });

  it('agrees with version order for >= and <', () => {
    fc.assert(
      fc.property(version, version, (a, b) => {
        const order = compareVersions(parseVersion(a), parseVersion(b));
        expect(satisfiesRange(a, `>=${b}`)).toBe(order >= 0);
        expect(satisfiesRange(a, `<${b}`)).toBe(order < 0);
      }),
    );
  });

  it('orders pre-releases before their release', () => {
    const order = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
    ];
    for (let index = 1; index < order.length; index += 1)
      expect(compareVersions(parseVersion(order[index - 1]), parseVersion(order[index]))).toBe(-1);
  });
});
