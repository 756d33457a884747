/**
 * Per person, whether each tool a server offers (its latest version's current
 * capability snapshot) may be called through the gateway, and which rule says
 * so. Decided with the access policy as the relay decides: the connection
 * (`connect` on the server) first, then `tools/call` (`call` on the server and
 * tool, with the server's federation source), as `policyFromAccess` builds the
 * resource, so a mark never disagrees with what a call would meet. A tool the
 * access rules allow but the server's pin holds back (drift action `hide` on a
 * new or changed tool, or `block`) is marked not callable, `held`, with the
 * gateway's reason.
 */
import type { AccessPolicy, AccessRule } from '../access/index.js';
import { findCurrentSnapshot, type Store } from '../store/index.js';
import type { CapabilityGuard } from './capabilityGuard.js';
import type { CatalogServer } from './catalogServer.js';

export interface ToolMark {
  name: string;
  allowed: boolean;
  /** The rule that decided; absent when no rule matched and the default decided. */
  rule?: { id: string; description?: string };
  reason: string;
  /** True when the access rules allow it but a drift from the server's pin holds it back (`hide` or `block`). */
  held?: true;
}

export interface ToolMarks {
  server: string;
  version: string;
  /** The snapshot the tools come from; null when none is known yet (then `tools` is empty). */
  snapshotHash: string | null;
  tools: ToolMark[];
}

function ruleOf(rule: AccessRule | null): Pick<ToolMark, 'rule'> {
  return rule ? { rule: { id: rule.id, ...(rule.description ? { description: rule.description } : {}) } } : {};
}

export function createToolMarks({ store, access, guard }: { store: Store; access: Pick<AccessPolicy, 'decide'>; guard?: Pick<CapabilityGuard, 'verdict'> }) {
  return async function toolMarks(who: { id: string; groups: readonly string[] }, server: CatalogServer): Promise<ToolMarks> {
    const version = typeof server.doc.version === 'string' ? server.doc.version : '';
    const current = await findCurrentSnapshot({ tx: store.db, server: server.name, version });
    if (!current) return { server: server.name, version, snapshotHash: null, tools: [] };
    const { snapshot } = current;
    const principal = { id: who.id, groups: who.groups as string[] };
    const connect = access.decide(principal, 'connect', { server: server.name, source: server.source });
    const verdict = guard?.verdict(server.name) ?? { action: 'relay' };
    const tools = snapshot.items.tools.map(({ key }): ToolMark => {
      const decision = connect.allowed ? access.decide(principal, 'call', { server: server.name, tool: key, source: server.source }) : connect;
      if (decision.allowed && verdict.action === 'block') {
        return { name: key, allowed: false, held: true, reason: `Held: ${server.name} changed its tools since an administrator pinned them, and the gateway refuses it until it is re-pinned` };
      }
      if (decision.allowed && verdict.action === 'hide' && !verdict.mayUse('tools', key)) {
        return { name: key, allowed: false, held: true, reason: `Held: ${key} changed since it was approved and is held until an administrator re-pins it` };
      }
      return { name: key, allowed: decision.allowed, ...ruleOf(decision.rule), reason: decision.reason };
    });
    return { server: server.name, version, snapshotHash: snapshot.hash, tools };
  };
}
