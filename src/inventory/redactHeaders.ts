/**
 * Takes the target's header values out of a failure message. Messages are
 * built from hosts and codes only, but a hostile server can echo a credential
 * back in its JSON-RPC error text, which the probe quotes.
 */
/** Parts shorter than this are words like `Bearer`, not secrets, and would blank out ordinary text. */
const MIN_SECRET_CHARS = 8;

export function redactHeaders(message: string, headers: Record<string, string>): string {
  const secrets = new Set<string>();
  for (const value of Object.values(headers)) {
    if (value.length >= MIN_SECRET_CHARS) secrets.add(value);
    for (const part of value.split(/[\s,;=:]+/)) if (part.length >= MIN_SECRET_CHARS) secrets.add(part);
  }
  let out = message;
  // Longest first, so a whole value goes before the parts it contains.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(secret).join('[redacted]');
  return out;
}
