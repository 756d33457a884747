/**
 * Host allow-lists (`ociRegistries`, `mcpbHosts`). An entry is a host (`ghcr.io`,
 * `registry.acme.internal:5000`), a wildcard (`*.pkg.dev`: any subdomain), or a
 * URL naming the scheme: `http://nexus.acme.internal:8082` lets a private registry
 * on plain HTTP be used (it also needs outboundAllowHttp). Plain entries are https.
 */

export interface AllowedHost {
  scheme: 'https' | 'http';
}

function parseEntry(entry: string): { pattern: string; scheme: 'https' | 'http' } {
  const m = /^(https?):\/\/([^/]+)\/?$/i.exec(entry.trim());
  if (m) return { pattern: m[2]!.toLowerCase(), scheme: m[1]!.toLowerCase() as 'https' | 'http' };
  return { pattern: entry.trim().toLowerCase(), scheme: 'https' };
}

/** The first entry allowing `host` (host[:port], any case), or undefined. */
export function pickHost(entries: readonly string[], host: string): AllowedHost | undefined {
  const wanted = host.toLowerCase();
  for (const entry of entries) {
    const { pattern, scheme } = parseEntry(entry);
    const matches = pattern.startsWith('*.') ? wanted.endsWith(pattern.slice(1)) && wanted.length > pattern.length - 1 : wanted === pattern;
    if (matches) return { scheme };
  }
  return undefined;
}
