/**
 * openid-client's `customFetch` over the outbound guard, so discovery, the key
 * set, the token endpoint and everything else the sign-in fetches obeys the same
 * address policy, timeouts and size bounds as every other server-side fetch.
 */
import type { CustomFetch } from 'openid-client';
import type { Outbound } from '../../outbound/index.js';

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

export function outboundFetch(outbound: Outbound): CustomFetch {
  return async (url, options) => {
    const method = options.method.toUpperCase();
    if (method !== 'GET' && method !== 'POST' && method !== 'HEAD') throw new Error(`the sign-in does not send ${method} requests`);
    const body = options.body === undefined || options.body === null ? undefined : String(options.body);
    const res = await outbound.fetch(url, {
      method,
      headers: options.headers,
      ...(body !== undefined ? { body } : {}),
      timeoutMs: 10_000,
      maxBytes: 512 * 1024,
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(res.headers)) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
    }
    return new Response(NULL_BODY_STATUSES.has(res.status) ? null : res.body, { status: res.status, headers });
  };
}
