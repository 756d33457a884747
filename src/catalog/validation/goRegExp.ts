/**
 * Compiles a regular expression written for Go's RE2 so that it matches exactly
 * what upstream matches. The only construct our patterns use whose meaning differs
 * between the engines is `\s`: RE2 means ASCII `[\t\n\f\r ]`, JavaScript means any
 * Unicode space (and `\v`). Translating it keeps the upstream regex text verbatim
 * in the source while giving identical results.
 */
const GO_SPACE = '\\t\\n\\f\\r ';

export function goRegExp(source: string, flags = ''): RegExp {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\' && i + 1 < source.length) {
      const next = source[i + 1];
      i++;
      if (next === 's') out += inClass ? GO_SPACE : `[${GO_SPACE}]`;
      // A negated class cannot be nested inside another class; none of our patterns need it.
      else if (next === 'S' && !inClass) out += `[^${GO_SPACE}]`;
      else out += `\\${next}`;
      continue;
    }
    if (c === '[' && !inClass) inClass = true;
    else if (c === ']' && inClass) inClass = false;
    out += c;
  }
  return new RegExp(out, flags);
}
