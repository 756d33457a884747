/**
 * Version semantics of the official registry (internal/service/versioning.go and
 * the range detection in internal/validators). "Latest" is decided with these, so
 * every edge must agree with upstream or mirrors disagree about which row is latest.
 *
 * The `semver` npm package is deliberately not used: it trims whitespace, accepts
 * an `=` prefix, caps numbers at MAX_SAFE_INTEGER and treats `v1`/`v1.2` as
 * invalid, while golang.org/x/mod/semver compares arbitrarily large numbers and
 * accepts the shorthands (upstream rejects those separately by counting parts).
 */
import { goRegExp } from './goRegExp.js';
import { goTrimSpace } from './goTrimSpace.js';

interface ParsedSemver {
  major: string;
  minor: string;
  patch: string;
  /** Including the leading `-`, or empty. */
  prerelease: string;
  /** How many of major/minor/patch were written (x/mod/semver allows v1 and v1.2). */
  coreParts: number;
}

const NUM = /^(0|[1-9][0-9]*)/;
const IDENT = /^[0-9A-Za-z-]+$/;

function isBadPrereleaseIdent(ident: string): boolean {
  return !IDENT.test(ident) || (/^[0-9]+$/.test(ident) && ident.length > 1 && ident[0] === '0');
}

/** golang.org/x/mod/semver's parse: `v` prefix required, shorthands allowed, build ignored. */
function parseSemver(v: string): ParsedSemver | undefined {
  if (!v.startsWith('v')) return undefined;
  let rest = v.slice(1);
  const parts: string[] = [];
  for (let i = 0; i < 3; i++) {
    const m = NUM.exec(rest);
    if (!m) return undefined;
    parts.push(m[0]);
    rest = rest.slice(m[0].length);
    if (rest === '' || i === 2) break;
    // Only a full major.minor.patch may carry a prerelease or build suffix.
    if (rest[0] !== '.') return undefined;
    rest = rest.slice(1);
  }
  const coreParts = parts.length;
  let prerelease = '';
  if (rest.startsWith('-') && coreParts === 3) {
    const end = rest.indexOf('+');
    prerelease = end < 0 ? rest : rest.slice(0, end);
    if (prerelease.slice(1).split('.').some(isBadPrereleaseIdent)) return undefined;
    rest = rest.slice(prerelease.length);
  }
  if (rest.startsWith('+') && coreParts === 3) {
    if (
      rest
        .slice(1)
        .split('.')
        .some((id) => !IDENT.test(id))
    )
      return undefined;
    rest = '';
  }
  if (rest !== '') return undefined;
  return { major: parts[0] ?? '0', minor: parts[1] ?? '0', patch: parts[2] ?? '0', prerelease, coreParts };
}

function ensureVPrefix(v: string): string {
  return v.startsWith('v') ? v : `v${v}`;
}

/** Upstream's isSemanticVersion: valid x/mod/semver after adding `v`, with exactly three core parts. */
export function isSemanticVersion(version: string): boolean {
  return parseSemver(ensureVPrefix(version))?.coreParts === 3;
}

function compareNumeric(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function comparePrerelease(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '') return 1;
  if (b === '') return -1;
  const xs = a.slice(1).split('.');
  const ys = b.slice(1).split('.');
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
    const x = xs[i] ?? '';
    const y = ys[i] ?? '';
    if (x === y) continue;
    const xNum = /^[0-9]+$/.test(x);
    const yNum = /^[0-9]+$/.test(y);
    if (xNum !== yNum) return xNum ? -1 : 1;
    if (xNum) return compareNumeric(x, y);
    return x < y ? -1 : 1;
  }
  return xs.length === ys.length ? 0 : xs.length < ys.length ? -1 : 1;
}

function compareSemver(a: ParsedSemver, b: ParsedSemver): number {
  return compareNumeric(a.major, b.major) || compareNumeric(a.minor, b.minor) || compareNumeric(a.patch, b.patch) || comparePrerelease(a.prerelease, b.prerelease);
}

/**
 * Upstream's CompareVersions: semver vs semver by precedence (build metadata
 * ignored); a semver version always beats a non-semver one; two non-semver
 * versions are ordered by their publish times.
 */
export function compareVersions(a: string, b: string, aTime: number, bTime: number): number {
  const pa = isSemanticVersion(a) ? parseSemver(ensureVPrefix(a)) : undefined;
  const pb = isSemanticVersion(b) ? parseSemver(ensureVPrefix(b)) : undefined;
  if (pa && pb) return compareSemver(pa, pb);
  if (pa) return 1;
  if (pb) return -1;
  return aTime < bTime ? -1 : aTime > bTime ? 1 : 0;
}

// The four regexes are upstream's text verbatim (internal/validators/validators.go).
const COMPARATOR_RANGE = goRegExp(String.raw`^\s*(?:\^|~|>=|<=|>|<|=)\s*v?\d+(?:\.\d+){0,3}(?:-[0-9A-Za-z.-]+)?\s*$`);
const HYPHEN_RANGE = goRegExp(String.raw`^\s*v?\d+(?:\.\d+){0,3}(?:-[0-9A-Za-z.-]+)?\s-\s*v?\d+(?:\.\d+){0,3}(?:-[0-9A-Za-z.-]+)?\s*$`);
const OR_RANGE = goRegExp(String.raw`^\s*(?:v?\d+(?:\.\d+){0,3}(?:-[0-9A-Za-z.-]+)?\s*)(?:\|\|\s*v?\d+(?:\.\d+){0,3}(?:-[0-9A-Za-z.-]+)?\s*)+$`);
const DOTTED_VERSION_LIKE = goRegExp(String.raw`^\s*(?:v?\d+|x|X|\*)(?:\.(?:\d+|x|X|\*)){1,2}(?:-[0-9A-Za-z.-]+)?\s*$`);

/** True for npm-style ranges (`^1.2.3`, `>= 1.0`, `1.x`, `1 - 2`, `1.2 || 1.3`) that are not one specific version. */
export function looksLikeVersionRange(version: string): boolean {
  const trimmed = goTrimSpace(version);
  if (trimmed === '') return false;
  if (COMPARATOR_RANGE.test(trimmed) || HYPHEN_RANGE.test(trimmed) || OR_RANGE.test(trimmed)) return true;
  // A dotted shape alone is an ordinary version; only a wildcard makes it a range.
  return DOTTED_VERSION_LIKE.test(trimmed) && /[xX*]/.test(trimmed);
}
