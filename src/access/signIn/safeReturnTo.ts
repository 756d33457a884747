/**
 * Where a browser may be sent after signing in: a path on this site only. A
 * value that could leave the site (`//evil.example`, `/\evil.example`, a scheme,
 * control characters browsers strip before parsing) is refused with a reason,
 * never silently rewritten, so a crafted login link fails visibly.
 */
export type ReturnToCheck = { ok: true; path: string } | { ok: false; reason: string };

export function checkReturnTo(value: string | undefined): ReturnToCheck {
  if (value === undefined || value === '') return { ok: true, path: '/' };
  if (value.length > 2048) return { ok: false, reason: 'returnTo is longer than 2048 characters' };
  // Browsers drop tabs and newlines inside URLs, so `/\t/evil.example` would become `//evil.example`.
  if (/[\u0000-\u001f\u007f]/.test(value)) return { ok: false, reason: 'returnTo contains control characters' };
  if (!value.startsWith('/')) return { ok: false, reason: 'returnTo must be a path on this site starting with "/"' };
  if (value.startsWith('//') || value.startsWith('/\\')) return { ok: false, reason: 'returnTo must be a path on this site, not another host ("//" or "/\\")' };
  if (value.includes('\\')) return { ok: false, reason: 'returnTo must not contain backslashes' };
  // Belt and braces: resolved against a placeholder origin, the path must stay on it.
  const base = 'https://toolshed.invalid';
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return { ok: false, reason: 'returnTo is not a valid path' };
  }
  if (url.origin !== base) return { ok: false, reason: 'returnTo must be a path on this site' };
  return { ok: true, path: value };
}
