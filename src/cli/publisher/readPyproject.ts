/**
 * The string keys of a pyproject.toml `[project]` table (name, description,
 * version), which is all `init` needs: a deliberately small TOML reader that
 * understands basic, literal and multi-line strings and steps over arrays and
 * inline tables, not a general TOML parser.
 */

const ESCAPES: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\', e: '\x1b' };

function unescapeBasic(body: string): string {
  return body.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|\r?\n\s*|.)/g, (_m, esc: string) => {
    if (esc[0] === 'u' || esc[0] === 'U') return String.fromCodePoint(parseInt(esc.slice(1), 16));
    // A backslash ending a line of a multi-line string trims the line break and the next indentation.
    if (esc[0] === '\n' || esc[0] === '\r') return '';
    return ESCAPES[esc] ?? esc;
  });
}

/** The string starting at `text[0]`, or undefined for non-strings; `rest` is what follows it. */
function readString(text: string): { value: string; rest: string } | undefined {
  for (const [quote, basic] of [['"""', true], ["'''", false]] as const) {
    if (!text.startsWith(quote)) continue;
    const end = text.indexOf(quote, 3);
    if (end < 0) return undefined;
    // A multi-line string's first line break is not part of it.
    const raw = text.slice(3, end).replace(/^\r?\n/, '');
    return { value: basic ? unescapeBasic(raw) : raw, rest: text.slice(end + 3) };
  }
  const basic = /^"((?:[^"\\\n]|\\.)*)"/.exec(text);
  if (basic) return { value: unescapeBasic(basic[1]!), rest: text.slice(basic[0].length) };
  const literal = /^'([^'\n]*)'/.exec(text);
  if (literal) return { value: literal[1]!, rest: text.slice(literal[0].length) };
  return undefined;
}

/** Skips a value that is not a string (an array or inline table may span lines). */
function skipValue(text: string): string {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'") {
      const s = readString(text.slice(i));
      if (s) {
        i = text.length - s.rest.length - 1;
        continue;
      }
    }
    if (c === '#') {
      const nl = text.indexOf('\n', i);
      if (nl < 0) return '';
      i = nl;
      if (depth === 0) return text.slice(nl);
      continue;
    }
    if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    else if (c === '\n' && depth <= 0) return text.slice(i);
  }
  return '';
}

export function readPyprojectProject(toml: string): Record<string, string> {
  const out: Record<string, string> = {};
  let rest = toml;
  let inProject = false;
  // Each pass consumes at least one character, so this ends.
  while (rest.length) {
    const line = /^[ \t]*(?:#[^\n]*)?\r?\n?/.exec(rest)![0];
    if (line.length) {
      rest = rest.slice(line.length);
      continue;
    }
    const header = /^\[(\[?)\s*([^\]\n]*?)\s*\]\]?[^\n]*\n?/.exec(rest);
    if (header) {
      inProject = header[1] === '' && header[2] === 'project';
      rest = rest.slice(header[0].length);
      continue;
    }
    const key = /^("[^"\n]*"|'[^'\n]*'|[A-Za-z0-9_.-]+)[ \t]*=[ \t]*/.exec(rest);
    if (!key) {
      const nl = rest.indexOf('\n');
      rest = nl < 0 ? '' : rest.slice(nl + 1);
      continue;
    }
    rest = rest.slice(key[0].length);
    const str = readString(rest);
    if (str) {
      if (inProject) out[key[1]!.replace(/^["']|["']$/g, '')] = str.value;
      rest = str.rest.replace(/^[^\n]*\n?/, '');
    } else {
      rest = skipValue(rest);
    }
  }
  return out;
}
