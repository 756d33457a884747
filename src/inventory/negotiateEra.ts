/**
 * Reaches a server in the era it speaks: a `sse` target goes straight to legacy
 * HTTP+SSE; a streamable HTTP target gets a modern (2026-07-28) discovery first,
 * then the session era's `initialize`, then (on a 400, 404 or 405 to that) a GET
 * of the same URL for an HTTP+SSE stream, as the spec's backward-compatibility
 * rules describe. With an era memo (createEraMemo), an endpoint that last
 * answered in the session era or over HTTP+SSE is tried in that era first; when
 * it answers but not in that era (an HTTP or protocol failure), the memo forgets
 * it and the negotiation starts over, so a server that changed era is still
 * probed in the era it speaks now.
 */
import type { ProbeContext } from './probeContext.js';
import type { EraMemo } from './createEraMemo.js';
import { ProbeError, probeErrorOf } from './probeError.js';
import type { ProbeSession } from './probeSession.js';
import { openLegacySse } from './openLegacySse.js';
import { openModern } from './openModern.js';
import { openSession } from './openSession.js';
import type { ProbeTarget } from './snapshot.js';

export async function negotiateEra(ctx: ProbeContext, target: ProbeTarget, eras?: EraMemo): Promise<ProbeSession> {
  let url: URL;
  try {
    url = ctx.outbound.checkUrl(target.url);
  } catch (err) {
    throw probeErrorOf(err, new URL('invalid://target'));
  }
  if (target.transport === 'sse') return openLegacySse(ctx, url);
  const remembered = eras?.get(target.url);
  if (remembered === 'session' || remembered === 'legacy-sse') {
    try {
      const session = remembered === 'session' ? await openSession(ctx, url) : await openLegacySse(ctx, url);
      if ('era' in session) return session;
    } catch (err) {
      const failure = probeErrorOf(err, url, ctx.signal);
      // Unreachable, refused, timed out: not a change of era, and the probe fails as it would have.
      if (failure.kind !== 'http' && failure.kind !== 'protocol') throw failure;
    }
    eras!.forget(target.url);
  }
  const found = await negotiateFromStart(ctx, url);
  eras?.set(target.url, found.era);
  return found;
}

async function negotiateFromStart(ctx: ProbeContext, url: URL): Promise<ProbeSession> {
  const modern = await openModern(ctx, url);
  if (modern) return modern;
  const session = await openSession(ctx, url);
  if ('era' in session) return session;
  try {
    return await openLegacySse(ctx, url);
  } catch (err) {
    const failure = probeErrorOf(err, url, ctx.signal);
    // Not an HTTP+SSE server either: the answer to initialize says more than the GET's.
    if (failure.kind === 'http' || failure.kind === 'protocol') {
      throw new ProbeError('http', `${url.host} answered initialize with HTTP ${session.status} and offers no HTTP+SSE stream either`, session.status);
    }
    throw failure;
  }
}
