/**
 * Probes one server as an MCP client: reaches it in the era it speaks
 * (`negotiateEra`), reads every page of each list its capabilities advertise
 * (`walkList`) and builds the snapshot (`snapshotOf`). Everything goes through
 * the outbound guard and within the limits: one deadline for the whole probe,
 * a byte cap per response, item and page caps per list, a byte cap for the
 * snapshot. Any failure is a named `ProbeFailure` (never a partial snapshot),
 * and the probe's signal then cancels every socket it still holds.
 */
import type { Outbound } from '../outbound/index.js';
import type { EraMemo } from './createEraMemo.js';
import { negotiateEra } from './negotiateEra.js';
import { redactHeaders } from './redactHeaders.js';
import type { ProbeContext, ProbeLimits } from './probeContext.js';
import { ProbeError, probeErrorOf } from './probeError.js';
import type { ProbeSession } from './probeSession.js';
import { CAPABILITY_KINDS, type CapabilityKind, type ProbeOutcome, type ProbeTarget } from './snapshot.js';
import { snapshotOf } from './snapshotOf.js';
import { walkList, type ByteBudget } from './walkList.js';

export interface ProbeOptions {
  /** The guarded client (`createOutbound`): its policy decides which addresses the probe may reach. */
  outbound: Outbound;
  /** The whole probe's deadline. */
  timeoutMs?: number;
  /** Largest HTTP response (or one event of an HTTP+SSE stream). */
  maxResponseBytes?: number;
  /** Largest number of items of one kind. */
  maxItems?: number;
  /** Largest number of pages of one list. */
  maxPages?: number;
  /** Largest snapshot (its definitions as JSON, and the instructions). */
  maxSnapshotBytes?: number;
  /** How the probe names itself to the server. */
  clientInfo?: { name: string; version: string };
  /** Cancels the probe (a scheduler shutting down): it ends as a `timeout` failure, its sockets cancelled. */
  signal?: AbortSignal;
  /** Remembers the era each endpoint answered in (a hint, see negotiateEra); a failed probe forgets its endpoint. */
  eras?: EraMemo;
}

export const PROBE_DEFAULTS = {
  timeoutMs: 15_000,
  maxResponseBytes: 4 * 1024 * 1024,
  maxItems: 2_000,
  maxPages: 50,
  maxSnapshotBytes: 8 * 1024 * 1024,
  clientInfo: { name: 'toolshed-probe', version: '0.1.0' },
} as const;

/** The capability that advertises each list. */
const ADVERTISED_BY: Record<CapabilityKind, string> = { tools: 'tools', prompts: 'prompts', resources: 'resources', resourceTemplates: 'resources' };

function urlOf(target: ProbeTarget): URL {
  try {
    return new URL(target.url);
  } catch {
    return new URL('invalid://target');
  }
}

export async function probeServer(target: ProbeTarget, options: ProbeOptions): Promise<ProbeOutcome> {
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? PROBE_DEFAULTS.timeoutMs;
  const limits: ProbeLimits = {
    maxResponseBytes: options.maxResponseBytes ?? PROBE_DEFAULTS.maxResponseBytes,
    maxItems: options.maxItems ?? PROBE_DEFAULTS.maxItems,
    maxPages: options.maxPages ?? PROBE_DEFAULTS.maxPages,
    maxSnapshotBytes: options.maxSnapshotBytes ?? PROBE_DEFAULTS.maxSnapshotBytes,
  };
  const controller = new AbortController();
  const deadline = new ProbeError('timeout', `no complete answer within ${timeoutMs} ms`);
  const timer = setTimeout(() => controller.abort(deadline), timeoutMs);
  const cancelled = () => controller.abort(new ProbeError('timeout', 'the probe was cancelled'));
  if (options.signal?.aborted) cancelled();
  options.signal?.addEventListener('abort', cancelled, { once: true });
  let id = 0;
  const ctx: ProbeContext = {
    outbound: options.outbound,
    signal: controller.signal,
    headers: { ...target.headers },
    clientInfo: options.clientInfo ?? PROBE_DEFAULTS.clientInfo,
    limits,
    nextId: () => ++id,
  };
  // The deadline holds even for a step that waits on something other than a socket.
  const expired = new Promise<never>((_, reject) => {
    if (controller.signal.aborted) reject(controller.signal.reason);
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
  });
  expired.catch(() => {});
  let session: ProbeSession | undefined;
  let protocolVersion: string | undefined;
  const latencyMs = () => Math.round(performance.now() - started);
  try {
    const snapshot = await Promise.race([
      expired,
      (async () => {
        session = await negotiateEra(ctx, target, options.eras);
        protocolVersion = session.protocolVersion;
        const budget: ByteBudget = { left: limits.maxSnapshotBytes - Buffer.byteLength(session.instructions ?? '') };
        if (budget.left < 0) throw new ProbeError('too-large', `the instructions are larger than ${limits.maxSnapshotBytes} bytes`);
        const capabilities = session.capabilities ?? {};
        const lists: Partial<Record<CapabilityKind, Record<string, unknown>[]>> = {};
        // One list at a time: a probe is one client, not a load test.
        for (const kind of CAPABILITY_KINDS) {
          if (capabilities[ADVERTISED_BY[kind]] === undefined || capabilities[ADVERTISED_BY[kind]] === null) continue;
          lists[kind] = await walkList(session, kind, limits, budget);
        }
        return snapshotOf({
          protocolVersion: session.protocolVersion,
          era: session.era,
          serverInfo: session.serverInfo,
          capabilities: session.capabilities,
          instructions: session.instructions,
          lists,
        });
      })(),
    ]);
    return { ok: true, snapshot, latencyMs: latencyMs() };
  } catch (err) {
    const failure = probeErrorOf(err, urlOf(target), controller.signal);
    controller.abort(failure);
    options.eras?.forget(target.url);
    const named = failure.toFailure();
    return { ok: false, failure: { ...named, message: redactHeaders(named.message, target.headers) }, latencyMs: latencyMs(), ...(protocolVersion ? { protocolVersion } : {}) };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', cancelled);
    await (session as ProbeSession | undefined)?.close();
    controller.abort(new ProbeError('protocol', 'the probe is over'));
  }
}
