/**
 * Reads every page of one list (`tools/list`, `prompts/list`, `resources/list`,
 * `resources/templates/list`) and checks what it gets: a result object with an
 * array, items that are objects with their key (and, for tools, an object
 * `inputSchema`), no key twice, cursors that are strings never seen before. A
 * list past its page or item limit, or past the snapshot's byte budget, is
 * `too-large`; a list the server answers with method-not-found is empty.
 */
import type { ProbeSession } from './probeSession.js';
import { ProbeError } from './probeError.js';
import type { ProbeLimits } from './probeContext.js';
import { isPlainObject, METHOD_NOT_FOUND } from './rpcMessage.js';
import type { CapabilityKind } from './snapshot.js';
import { itemKey } from './snapshotOf.js';

const LISTS: Record<CapabilityKind, { method: string; field: string }> = {
  tools: { method: 'tools/list', field: 'tools' },
  prompts: { method: 'prompts/list', field: 'prompts' },
  resources: { method: 'resources/list', field: 'resources' },
  resourceTemplates: { method: 'resources/templates/list', field: 'resourceTemplates' },
};

/** Bytes the snapshot may still take, shared by every list of one probe. */
export interface ByteBudget {
  left: number;
}

export async function walkList(session: ProbeSession, kind: CapabilityKind, limits: ProbeLimits, budget: ByteBudget): Promise<Record<string, unknown>[]> {
  const { method, field } = LISTS[kind];
  const items: Record<string, unknown>[] = [];
  const keys = new Set<string>();
  const cursors = new Set<string>();
  let cursor: string | undefined;
  for (let page = 1; ; page++) {
    if (page > limits.maxPages) throw new ProbeError('too-large', `${method} has more than ${limits.maxPages} pages`);
    const answer = await session.request(method, cursor === undefined ? {} : { cursor });
    if (answer.error) {
      if (answer.error.code === METHOD_NOT_FOUND && page === 1) return [];
      throw new ProbeError('protocol', `${method} answered JSON-RPC error ${answer.error.code}: ${answer.error.message}`);
    }
    const result = answer.result;
    if (result.resultType !== undefined && result.resultType !== 'complete')
      throw new ProbeError('protocol', `${method} answered with result type ${JSON.stringify(String(result.resultType).slice(0, 40))}`);
    const list = result[field];
    if (!Array.isArray(list)) throw new ProbeError('protocol', `${method} answered without a \`${field}\` array`);
    for (const item of list) {
      checkItem(kind, method, item);
      const key = itemKey(kind, item)!;
      if (keys.has(key)) throw new ProbeError('protocol', `${method} lists ${JSON.stringify(key.slice(0, 100))} twice`);
      keys.add(key);
      budget.left -= Buffer.byteLength(JSON.stringify(item));
      if (budget.left < 0) throw new ProbeError('too-large', `the snapshot is larger than ${limits.maxSnapshotBytes} bytes`);
      items.push(item);
      if (items.length > limits.maxItems) throw new ProbeError('too-large', `${method} lists more than ${limits.maxItems} items`);
    }
    const next = result.nextCursor;
    if (next === undefined || next === null) return items;
    if (typeof next !== 'string') throw new ProbeError('protocol', `${method} answered with a cursor that is not a string`);
    if (cursors.has(next) || next === cursor) throw new ProbeError('protocol', `${method} repeated a cursor (the pages would never end)`);
    cursors.add(next);
    cursor = next;
  }
}

function checkItem(kind: CapabilityKind, method: string, item: unknown): asserts item is Record<string, unknown> {
  if (!isPlainObject(item)) throw new ProbeError('protocol', `${method} lists an item that is not an object`);
  const key = itemKey(kind, item);
  if (key === null || key === '') throw new ProbeError('protocol', `${method} lists an item without its ${kind === 'resources' ? 'uri' : kind === 'resourceTemplates' ? 'uriTemplate' : 'name'}`);
  if (kind === 'tools') {
    if (!isPlainObject(item.inputSchema)) throw new ProbeError('protocol', `tool ${JSON.stringify(key.slice(0, 100))} has no inputSchema object`);
    if (item.outputSchema !== undefined && !isPlainObject(item.outputSchema)) throw new ProbeError('protocol', `tool ${JSON.stringify(key.slice(0, 100))} has an outputSchema that is not an object`);
  }
}
