/**
 * Whether a URI could come from a resource template (RFC 6570), for `hide`:
 * a `resources/read` of a URI a pinned template describes is allowed. Each
 * expression matches any run of the characters its operator may expand to
 * (`{var}`, `{.var}`: no `/`, `?` or `#`; `{/var}`: no `?` or `#`; `{?var}`,
 * `{&var}`, `{;var}`: no `#`; `{+var}`, `{#var}`: anything), so the match is a
 * little wider than the template, never narrower. Matching simulates the
 * pattern as a set of states (no backtracking): at most a URI's length times
 * the template's length steps, and a caller-given budget bounds the total.
 */

type Token = { literal: string } | { run: (c: string) => boolean };

const NOT_PATH = (c: string) => c !== '/' && c !== '?' && c !== '#';
const NOT_QUERY = (c: string) => c !== '?' && c !== '#';
const NOT_FRAGMENT = (c: string) => c !== '#';
const ANY = () => true;

/** Longest template compiled; a longer one matches nothing (fail closed). */
export const MAX_TEMPLATE_CHARS = 1024;

export interface CompiledTemplate {
  /** The literal text before the first expression: a URI not starting with it cannot match. */
  prefix: string;
  tokens: Token[];
}

export function compileTemplate(template: string): CompiledTemplate | null {
  if (template.length > MAX_TEMPLATE_CHARS) return null;
  const tokens: Token[] = [];
  let prefix: string | null = null;
  let at = 0;
  while (at < template.length) {
    const open = template.indexOf('{', at);
    const end = open < 0 ? template.length : open;
    for (const c of template.slice(at, end)) tokens.push({ literal: c });
    if (open < 0) break;
    prefix ??= template.slice(0, open);
    const close = template.indexOf('}', open);
    if (close < 0) return null;
    const op = template[open + 1];
    tokens.push({ run: op === '+' || op === '#' ? ANY : op === '/' ? NOT_QUERY : op === '?' || op === '&' || op === ';' ? NOT_FRAGMENT : NOT_PATH });
    at = close + 1;
  }
  return { prefix: prefix ?? template, tokens };
}

/**
 * True when `uri` matches; `budget.steps` is decreased by the work done, and
 * once it is spent the answer is false (fail closed).
 */
export function matchesTemplate(compiled: CompiledTemplate, uri: string, budget: { steps: number }): boolean {
  if (!uri.startsWith(compiled.prefix)) return false;
  const { tokens } = compiled;
  const m = tokens.length;
  let states = new Uint8Array(m + 1);
  const close = (s: Uint8Array) => {
    // A run may match nothing: its state also stands at the next token.
    for (let i = 0; i < m; i++) if (s[i] && 'run' in tokens[i]!) s[i + 1] = 1;
  };
  states[0] = 1;
  close(states);
  for (const c of uri) {
    budget.steps -= m + 1;
    if (budget.steps < 0) return false;
    const next = new Uint8Array(m + 1);
    let any = false;
    for (let i = 0; i < m; i++) {
      if (!states[i]) continue;
      const t = tokens[i]!;
      if ('literal' in t) {
        if (t.literal === c) {
          next[i + 1] = 1;
          any = true;
        }
      } else if (t.run(c)) {
        next[i] = 1;
        any = true;
      }
    }
    if (!any) return false;
    close(next);
    states = next;
  }
  return states[m] === 1;
}
