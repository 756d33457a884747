// Covers upstream's version semantics: isSemanticVersion (x/mod/semver plus the
// exactly-three-parts rule), CompareVersions (semver beats non-semver, non-semver
// by publish time, build metadata ignored) and range detection, with every
// example of the reference notes §3.3 and §11.
import { describe, expect, it } from 'vitest';
import { compareVersions, isSemanticVersion, looksLikeVersionRange } from './versioning.js';

describe('isSemanticVersion', () => {
  it.each(['1.0.0', 'v1.0.0', '2021.11.15', '1.0.0-alpha.1', '1.2.3-alpha.1', '1.2.3+build.5', '0.0.0', '1.0.0-0.3.7', '1.0.0-x-y-z.--'])('accepts %s', (v) => expect(isSemanticVersion(v)).toBe(true));

  it.each(['1.0', '1.0.0.0', '2021.03.05', '1.0.0-', 'snapshot', '1.0.0-alpha@1', '', 'v1', 'v1.2', '01.0.0', '1.0.0-01', '1.0.0+', '1.0.0-alpha..1', 'vv1.0.0', ' 1.0.0', '=1.0.0'])(
    'rejects %j',
    (v) => expect(isSemanticVersion(v)).toBe(false),
  );
});

describe('compareVersions', () => {
  it('orders two semver versions by precedence and ignores the timestamps', () => {
    expect(compareVersions('1.0.1', '1.0.0', 1, 999)).toBe(1);
    expect(compareVersions('1.0.0', '1.0.1', 999, 1)).toBe(-1);
    expect(compareVersions('2.0.0', '10.0.0', 0, 0)).toBe(-1);
  });

  it('keeps an accidental 1.0.0 above later 0.0.x releases (upstream issue #858)', () => {
    expect(compareVersions('0.0.51', '1.0.0', 2000, 1000)).toBe(-1);
  });

  it('treats v-prefixed and bare versions as equal', () => {
    expect(compareVersions('v1.2.3', '1.2.3', 5, 1)).toBe(0);
  });

  it('ignores build metadata', () => {
    expect(compareVersions('1.0.0+build.1', '1.0.0+build.2', 1, 2)).toBe(0);
    expect(compareVersions('1.0.0+zzz', '1.0.0', 1, 2)).toBe(0);
  });

  it('ranks a prerelease below its release and orders prerelease identifiers per semver', () => {
    expect(compareVersions('1.0.0-alpha', '1.0.0', 9, 1)).toBe(-1);
    const ascending = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0'];
    for (let i = 1; i < ascending.length; i++) {
      expect(compareVersions(ascending[i - 1] ?? '', ascending[i] ?? '', 0, 0)).toBe(-1);
      expect(compareVersions(ascending[i] ?? '', ascending[i - 1] ?? '', 0, 0)).toBe(1);
    }
  });

  it('compares numbers of any size exactly', () => {
    expect(compareVersions('1.0.99999999999999999999', '1.0.99999999999999999998', 0, 0)).toBe(1);
    expect(compareVersions('1.0.0-99999999999999999999', '1.0.0-100', 0, 0)).toBe(1);
  });

  it('orders two non-semver versions by their publish times', () => {
    expect(compareVersions('snapshot', 'nightly', 2, 1)).toBe(1);
    expect(compareVersions('snapshot', 'nightly', 1, 2)).toBe(-1);
    expect(compareVersions('snapshot', 'nightly', 3, 3)).toBe(0);
    expect(compareVersions('1.0', '1.0.0.0', 1, 2)).toBe(-1);
  });

  it('always ranks a semver version above a non-semver one, whatever the times', () => {
    expect(compareVersions('0.0.1', 'snapshot', 1, 999)).toBe(1);
    expect(compareVersions('snapshot', '0.0.1', 999, 1)).toBe(-1);
  });

  it('treats the empty string as non-semver', () => {
    expect(compareVersions('', '1.0.0', 9, 1)).toBe(-1);
    expect(compareVersions('', 'snapshot', 1, 2)).toBe(-1);
  });
});

describe('looksLikeVersionRange', () => {
  it.each(['^1.2.3', '~1.2.3', '>=1.2.3', '>= 1.2.3', '<=1.0.0', '>1.0.0', '<1.0.0', '=1.0.0', '1.x', '1.*', '1.2.*', '1.2.x', '1.2.X', 'x.1', '1.2.3 - 2.0.0', '1 - 2', '1.2 || 1.3', ' ^1.2.3 '])(
    'rejects %j',
    (v) => expect(looksLikeVersionRange(v)).toBe(true),
  );

  it.each(['1.2.3', '1.2.3-alpha.1', '2021.03.15', 'snapshot', 'snapshot - 2025.09', 'v1.0', '1.0.0-beta.1', '', '   ', 'latest'])('accepts %j', (v) => expect(looksLikeVersionRange(v)).toBe(false));

  it('reproduces upstream: an x anywhere in a dotted version counts as a wildcard, even in the prerelease', () => {
    expect(looksLikeVersionRange('1.2.3-x')).toBe(true);
    expect(looksLikeVersionRange('1.0.0-next.1')).toBe(true);
    expect(looksLikeVersionRange('1.0.0-beta.1')).toBe(false);
  });

  it('uses Go regexp whitespace (ASCII only) inside the patterns', () => {
    // U+00A0 is whitespace to JavaScript's \s but not to RE2's, so upstream does not see a range here.
    expect(looksLikeVersionRange('>=\u00a01.2.3')).toBe(false);
    expect(looksLikeVersionRange('>=\t1.2.3')).toBe(true);
  });
});
