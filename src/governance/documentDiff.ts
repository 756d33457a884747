/**
 * What changed between two server.json documents, field by field (JSON pointers),
 * for a reviewer comparing a new version with the approved one. Bounded: a hostile
 * document cannot make the review page unbounded.
 */
export interface DocumentChange {
  path: string;
  change: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

export const MAX_DOCUMENT_CHANGES = 200;
const MAX_DEPTH = 12;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function pointer(path: string, key: string | number): string {
  return `${path}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

export function documentDiff(before: unknown, after: unknown): { changes: DocumentChange[]; omitted: number } {
  const changes: DocumentChange[] = [];
  let omitted = 0;
  const push = (c: DocumentChange) => (changes.length < MAX_DOCUMENT_CHANGES ? changes.push(c) : omitted++);
  const walk = (a: unknown, b: unknown, path: string, depth: number): void => {
    if (JSON.stringify(a) === JSON.stringify(b)) return;
    const bothObjects = isObject(a) && isObject(b);
    const bothArrays = Array.isArray(a) && Array.isArray(b);
    if (depth >= MAX_DEPTH || (!bothObjects && !bothArrays)) {
      push({ path: path || '/', change: 'changed', before: a, after: b });
      return;
    }
    const ka = bothArrays ? (a as unknown[]).map((_, i) => i) : Object.keys(a as object);
    const kb = bothArrays ? (b as unknown[]).map((_, i) => i) : Object.keys(b as object);
    const keys = [...new Set<string | number>([...ka, ...kb])];
    for (const k of keys) {
      const va = (a as Record<string | number, unknown>)[k];
      const vb = (b as Record<string | number, unknown>)[k];
      const p = pointer(path, k);
      if (va === undefined) push({ path: p, change: 'added', after: vb });
      else if (vb === undefined) push({ path: p, change: 'removed', before: va });
      else walk(va, vb, p, depth + 1);
    }
  };
  walk(before, after, '', 0);
  return { changes, omitted };
}
