/**
 * Whitespace and Unicode whitespace put into every string field of a JSON body, for
 * the fuzz tests: where the strings are, how to replace one, the variants, and
 * whether a refusal names the field it is about.
 */
import fc from 'fast-check';

/** Go's unicode.IsSpace set, plus the invisible characters people paste (ZWSP, BOM, Mongolian vowel separator). */
export const WHITESPACE = [
  ' ',
  '\t',
  '\n',
  '\r',
  '\u000b',
  '\u000c',
  '\u0085',
  '\u00a0',
  '\u1680',
  '\u2000',
  '\u2007',
  '\u200a',
  '\u2028',
  '\u2029',
  '\u202f',
  '\u205f',
  '\u3000',
  '\u200b',
  '\ufeff',
  '\u180e',
];

export type Path = Array<string | number>;

/** Where every string value of `value` is. */
export function stringPaths(value: unknown, at: Path = []): Path[] {
  if (typeof value === 'string') return [at];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringPaths(v, [...at, i]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => stringPaths(v, [...at, k]));
  return [];
}

export function getAt(value: unknown, path: Path): unknown {
  return path.reduce<unknown>((v, key) => (v as Record<string | number, unknown>)[key], value);
}

/** A copy of `value` with the string at `path` replaced. */
export function withAt<T>(value: T, path: Path, replacement: unknown): T {
  const copy = structuredClone(value);
  const parent = getAt(copy, path.slice(0, -1)) as Record<string | number, unknown>;
  parent[path[path.length - 1]!] = replacement;
  return copy;
}

/** `packages[0].transport.url`: the form locations take, with or without a `body.` prefix. */
export function pathText(path: Path): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

const run = fc.array(fc.constantFrom(...WHITESPACE), { minLength: 1, maxLength: 3 }).map((cs) => cs.join(''));

/** A whitespace variant of `original`: only whitespace, or whitespace around or inside it. */
export function whitespaceVariant(original: string): fc.Arbitrary<string> {
  return fc.oneof(
    run,
    run.map((ws) => ws + original),
    run.map((ws) => original + ws),
    fc.tuple(run, run).map(([a, b]) => a + original + b),
    fc.tuple(run, fc.nat()).map(([ws, at]) => {
      const i = original.length ? at % original.length : 0;
      return original.slice(0, i) + ws + original.slice(i);
    }),
  );
}

/**
 * Whether a problem body names the field at `path`: an error's location (`body.`
 * prefix and `.0`-style indexes allowed) is the field or encloses it, or a message
 * (or the detail) spells the field's trailing keys (`subject.group: unknown group …`).
 */
export function namesField(problem: { detail?: string; errors?: Array<{ location?: string; message?: string }> }, path: Path): boolean {
  const field = pathText(path);
  const named = (location: string) => {
    const bare = location.replace(/^body\.?/, '').replace(/\.(\d+)(?=\.|$)/g, '[$1]');
    return bare === field || field.startsWith(`${bare}.`) || field.startsWith(`${bare}[`);
  };
  if (problem.errors?.some((e) => e.location !== undefined && named(e.location))) return true;
  // The keys within the innermost list item (`subject.group`, `actions.0`).
  let start = 0;
  path.forEach((k, i) => {
    if (typeof k === 'number' && typeof path[i + 1] === 'string') start = i + 1;
  });
  const keys = path.slice(start).map(String).join('.').replace(/[.$/]/g, '\\$&');
  const spelled = new RegExp(`(^|[^\\w.])${keys}\\b`);
  return [problem.detail ?? '', ...(problem.errors ?? []).map((e) => e.message ?? '')].some((text) => spelled.test(text));
}
