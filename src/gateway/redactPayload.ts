/**
 * Payload capture for the audit, made safe: values under secret-looking keys
 * (password, token, secret, api key, authorization, cookie, credential, private
 * key) and every occurrence of a declared secret (the upstream credentials the
 * gateway injects) are replaced with `[redacted]`, and the JSON text is cut at
 * a bound so one large answer cannot bloat the audit.
 */
const SECRET_KEY = /pass(?:word|wd|phrase)?|secret|token|api[-_]?key|authorization|cookie|credential|private[-_]?key|session[-_]?id/i;
export const REDACTED = '[redacted]';

function redactValue(value: unknown, secrets: readonly string[], depth: number): unknown {
  if (typeof value === 'string') {
    let out = value;
    for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  }
  if (typeof value !== 'object' || value === null) return value;
  if (depth > 64) return REDACTED;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = SECRET_KEY.test(key) ? REDACTED : redactValue(v, secrets, depth + 1);
  return out;
}

/** The message as redacted JSON text, at most `maxChars` long (a cut text ends with `…[truncated]` and is no longer JSON). */
export function redactPayload(message: unknown, secrets: readonly string[], maxChars: number): string {
  // Short declared secrets would redact ordinary words; credentials are longer than this.
  const usable = secrets.filter((s) => s.length >= 6);
  const text = JSON.stringify(redactValue(message, usable, 0)) ?? 'null';
  return text.length > maxChars ? `${text.slice(0, maxChars)}…[truncated]` : text;
}
