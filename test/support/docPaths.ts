/**
 * The paths a Markdown page mentions in code (fenced blocks and inline code), for the
 * test that each one exists on a running Toolshed (test/docPaths.test.ts).
 *
 * What counts as a path: a token starting with `/` after the start of the code, a
 * space, a quote, `(`, `[`, `=` or `,`, and the path of a URL on one of Toolshed's
 * hosts in the docs (`127.0.0.1:8080`, `localhost:8080`, `registry.example.com` and
 * any `toolshed.` host); URLs on other hosts are someone else's. A method written just
 * before it (`POST /v0.1/publish`) is kept. Placeholders (`{name}`, `<name>`, `…`),
 * optional parts (`[/{name}]`), alternatives (`mcp|sse|messages`) and a trailing `/*`
 * (anything under) are understood by `variantsOf`.
 *
 * Paths that are not Toolshed's (GitHub's API, a file under `/proc`, an upstream's
 * message URL, routes only tests turn on) are marked in the page with an HTML comment
 * just before the paragraph, table, list or code block that mentions them, listing
 * them exactly as written: `<!-- not served by Toolshed: /user /proc/<pid>/stat -->`.
 * The mark covers that one block (up to the next blank line outside a code fence).
 */

export interface DocPath {
  line: number;
  /** As written, e.g. `/api/admin/sources[/{name}]`. */
  path: string;
  method?: string;
}

const TOOLSHED_HOST = /^(?:127\.0\.0\.1:8080|localhost:8080|registry\.example\.com|toolshed\.[\w.-]+)$/;
const METHOD = /(?:^|[\s`])(GET|POST|PUT|PATCH|DELETE|HEAD)\s+$/;
const MARK = /^\s*<!--\s*not served by Toolshed:(.*?)-->\s*$/;
/** A path token: placeholders in braces or angle brackets and optional parts may hold spaces. */
const PATH = /(?<=^|[\s"'(=[,])\/(?:[^\s"'`(),[\]{}<>]|\{[^}]*\}|<[^>]*>|\[[^\]]*\])*/g;
const URL_IN_CODE = /https?:\/\/([^/\s"'`)]+)((?:\/(?:[^\s"'`(),[\]{}<>]|\{[^}]*\}|<[^>]*>)*)*)/g;

function pathsInCode(code: string, line: number, exempt: ReadonlySet<string>, out: DocPath[]): void {
  const push = (path: string, before: string) => {
    const trimmed = path.replace(/[.:;]+$/, '');
    if (trimmed === '' || exempt.has(trimmed)) return;
    const method = METHOD.exec(before)?.[1];
    out.push({ line, path: trimmed, ...(method ? { method } : {}) });
  };
  const rest = code.replace(URL_IN_CODE, (url, host: string, path: string, offset: number) => {
    if (TOOLSHED_HOST.test(host)) push(path || '/', code.slice(0, offset));
    return ' '.repeat(url.length);
  });
  for (const m of rest.matchAll(PATH)) push(m[0], rest.slice(0, m.index));
}

/** Every path the page mentions in code, with its line number, less the marked examples. */
export function pathsInMarkdown(text: string): DocPath[] {
  const out: DocPath[] = [];
  let fence: string | null = null;
  let exempt = new Set<string>();
  let markedBlockStarted = false;
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    const mark = MARK.exec(raw);
    if (mark && fence === null) {
      exempt = new Set(mark[1]!.trim().split(/\s+/));
      markedBlockStarted = false;
      return;
    }
    const opening = /^\s*(```|~~~)/.exec(raw);
    if (fence !== null) {
      if (opening && opening[1] === fence) fence = null;
      else pathsInCode(raw, line, exempt, out);
      return;
    }
    if (opening) {
      fence = opening[1]!;
      markedBlockStarted = true;
      return;
    }
    if (raw.trim() === '') {
      if (markedBlockStarted) exempt = new Set();
      return;
    }
    markedBlockStarted = true;
    for (const m of raw.matchAll(/`([^`]+)`/g)) pathsInCode(m[1]!, line, exempt, out);
  });
  return out;
}

/**
 * The request paths a documented path stands for: optional parts both left out and put
 * in, each alternative, the query dropped, and each placeholder as `{}` (the caller
 * fills it in for a request, or matches any route segment with it). A path ending in
 * `/*` or `/…` means "something under this prefix" and keeps its trailing `/*`.
 */
export function variantsOf(path: string): string[] {
  let variants = [path.replace(/\/…$/, '/*')];
  for (;;) {
    const next = variants.flatMap((v) => {
      const optional = /\[([^\]]*)\]/.exec(v);
      if (!optional) return [v];
      const before = v.slice(0, optional.index);
      const after = v.slice(optional.index + optional[0].length);
      return [before + after, before + optional[1] + after];
    });
    if (next.length === variants.length) break;
    variants = next;
  }
  variants = variants.map((v) => v.split(/[?#]/)[0]!);
  variants = variants.flatMap((v) =>
    v.split('/').reduce<string[]>((acc, segment, i) => {
      const options = segment.includes('|') ? segment.split('|') : [segment];
      return i === 0 ? options : acc.flatMap((prefix) => options.map((o) => `${prefix}/${o}`));
    }, []),
  );
  return [...new Set(variants.map((v) => v.replace(/\{[^}]*\}|<[^>]*>|…/g, '{}')))];
}
