/**
 * Every Toolshed webhook's signature (drift and governance), in the style of Stripe
 * and Standard Webhooks:
 * `Toolshed-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`
 * keyed with the receiver's secret (TOOLSHED_DRIFT_WEBHOOK_SECRET,
 * TOOLSHED_GOVERNANCE_WEBHOOK_SECRET; its UTF-8 bytes). A receiver
 * recomputes the HMAC over the raw body, compares in constant time, and refuses
 * a `t` more than five minutes from its clock (a replay).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'toolshed-signature';
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export function signWebhook(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

/** True when the header signs this body with this secret within the tolerance of `nowSeconds`. */
export function verifyWebhook(secret: string, body: string, header: string, nowSeconds: number, toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS): boolean {
  const parts = new Map<string, string[]>();
  for (const part of header.split(',')) {
    const at = part.indexOf('=');
    if (at > 0) parts.set(part.slice(0, at).trim(), [...(parts.get(part.slice(0, at).trim()) ?? []), part.slice(at + 1).trim()]);
  }
  const t = Number(parts.get('t')?.[0]);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const want = Buffer.from(createHmac('sha256', secret).update(`${t}.${body}`).digest('hex'));
  return (parts.get('v1') ?? []).some((v) => v.length === want.length && timingSafeEqual(Buffer.from(v), want));
}
