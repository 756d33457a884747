/**
 * The GitOps repository layout: one folder per server holding its `server.json`
 * and `toolshed.yaml`. Reads a folder with positions kept (JSON is YAML, so one
 * parser reads both), so every finding can name the line it is about.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { SERVER_JSON, TOOLSHED_YAML } from '../../schemas/toolshedYaml.js';

export type Severity = 'error' | 'warning' | 'notice';

export interface Finding {
  severity: Severity;
  /** Which check: `schema`, `toolshed-yaml`, `namespace`, `ownership`, `probe`, `scan`, `layout`. */
  check: string;
  file: string;
  line: number;
  col: number;
  message: string;
}

export type PathSegment = string | number;

/** A parsed file that can say where a path is: the value's line, else the deepest existing parent's. */
export interface PositionedFile {
  file: string;
  value: unknown;
  /** Null when the file does not parse (the problem is already a finding). */
  locate(path: readonly PathSegment[]): { line: number; col: number };
}

const MAX_BYTES = 1024 * 1024;
const MAX_DEPTH = 4;

/** `packages[0].transport.url` (the validation issues' bracket notation) as segments. */
export function bracketPath(path: string): PathSegment[] {
  const out: PathSegment[] = [];
  for (const part of path.match(/[^.[\]]+/g) ?? []) out.push(/^\d+$/.test(part) ? Number(part) : part);
  return out;
}

function nodeAt(doc: Document, path: readonly PathSegment[]): Node | undefined {
  let node: unknown = doc.contents;
  let found: Node | undefined = (doc.contents as Node | null) ?? undefined;
  for (const segment of path) {
    let next: unknown;
    if (isMap(node)) next = node.get(segment, true);
    else if (isSeq(node) && typeof segment === 'number') next = node.get(segment, true);
    if (next === undefined || next === null) break;
    node = next;
    if (isScalar(next) || isMap(next) || isSeq(next)) found = next as Node;
  }
  return found;
}

/** Reads and parses a file; a problem is pushed as a finding and the value is undefined. */
export function readPositioned(file: string, findings: Finding[], check: string): PositionedFile | undefined {
  let text: string;
  try {
    if (statSync(file).size > MAX_BYTES) {
      findings.push({ severity: 'error', check, file, line: 1, col: 1, message: `${file} is larger than ${MAX_BYTES} bytes` });
      return undefined;
    }
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' ? `missing: every server folder holds a ${SERVER_JSON} and a ${TOOLSHED_YAML}` : `cannot read the file (${code ?? 'error'})`;
    findings.push({ severity: 'error', check, file, line: 1, col: 1, message });
    return undefined;
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: true, lineCounter, prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    const pos = lineCounter.linePos(e.pos[0]);
    findings.push({ severity: 'error', check, file, line: pos.line, col: pos.col, message: `not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${e.message.split('\n')[0]}` });
    return undefined;
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    findings.push({ severity: 'error', check, file, line: 1, col: 1, message: `cannot be read: ${(err as Error).message.split('\n')[0]}` });
    return undefined;
  }
  return {
    file,
    value,
    locate(path) {
      const node = nodeAt(doc, path);
      const offset = node?.range?.[0];
      return offset === undefined ? { line: 1, col: 1 } : lineCounter.linePos(offset);
    },
  };
}

/** The server folders under `dir` (itself included): any folder holding a server.json or a toolshed.yaml. */
export function findServerFolders(dir: string): string[] {
  const out: string[] = [];
  const walk = (folder: string, depth: number) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    if (entries.some((e) => e.isFile() && (e.name === SERVER_JSON || e.name === TOOLSHED_YAML))) out.push(folder);
    if (depth >= MAX_DEPTH) return;
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules') walk(join(folder, e.name), depth + 1);
    }
  };
  walk(dir, 0);
  return out;
}
