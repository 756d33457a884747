/**
 * Reaches a server in the era it speaks: a `sse` target goes straight to legacy
 * HTTP+SSE; a streamable HTTP target gets a modern (2026-07-28) discovery first,
 * then the session era's `initialize`, then (on a 400, 404 or 405 to that) a GET
 * of the same URL for an HTTP+SSE stream, as the spec's backward-compatibility
 * rules describe.
 */
import type { ProbeContext } from './probeContext.js';
import { ProbeError, probeErrorOf } from './probeError.js';
import type { ProbeSession } from './probeSession.js';
import { openLegacySse } from './openLegacySse.js';
import { openModern } from './openModern.js';
import { openSession } from './openSession.js';
import type { ProbeTarget } from './snapshot.js';

export async function negotiateEra(ctx: ProbeContext, target: ProbeTarget): Promise<ProbeSession> {
  let url: URL;
  try {
    url = ctx.outbound.checkUrl(target.url);
  } catch (err) {
    throw probeErrorOf(err, new URL('invalid://target'));
  }
  if (target.transport === 'sse') return openLegacySse(ctx, url);
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
