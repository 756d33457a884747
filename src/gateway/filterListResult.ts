/**
 * Filters one page of a `tools/list`, `prompts/list` or `resources/list` result
 * to what the caller may use. Pages are filtered one by one and `nextCursor`
 * is kept as the upstream sent it, so pagination still walks every page.
 */
import type { Caller } from '../access/index.js';
import type { GatewayPolicy, GatewayTarget } from './gatewayPolicy.js';
import { mayUse, type ListKind } from './inspectMessages.js';
import { isObject, type JsonObject } from './jsonRpc.js';

function targetFor(kind: ListKind, item: JsonObject, server: string): GatewayTarget | null {
  const key = kind === 'resources' ? item.uri : item.name;
  if (typeof key !== 'string') return null;
  if (kind === 'tools') return { server, tool: key };
  if (kind === 'prompts') return { server, prompt: key };
  return { server, resource: key };
}

/** The response with its list filtered; the same object when nothing had to go. */
export function filterListResponse(response: JsonObject, kind: ListKind, caller: Caller, server: string, policy: GatewayPolicy): JsonObject {
  const result = response.result;
  // Access rules name no resource templates: their list is watched for drift only.
  if (kind === 'resourceTemplates' || !isObject(result) || !Array.isArray(result[kind])) return response;
  const items = result[kind] as unknown[];
  // An item without a name cannot be decided on, so it is not shown.
  const kept = items.filter((item) => {
    if (!isObject(item)) return false;
    const target = targetFor(kind, item, server);
    return target !== null && mayUse(policy, caller, target);
  });
  if (kept.length === items.length) return response;
  return { ...response, result: { ...result, [kind]: kept } };
}

/**
 * For streams where request ids are not known (the legacy SSE stream, where a
 * POST may have landed on another replica): every list a response carries, by
 * its shape (`result.tools` / `result.prompts` / `result.resources` /
 * `result.resourceTemplates` arrays). All of them, not the first found: an
 * upstream could otherwise add an empty `tools` beside the prompts it lists.
 */
export function listKindsByShape(response: JsonObject): ListKind[] {
  const result = response.result;
  if (!isObject(result)) return [];
  return (['tools', 'prompts', 'resources', 'resourceTemplates'] as const).filter((kind) => Array.isArray(result[kind]));
}
