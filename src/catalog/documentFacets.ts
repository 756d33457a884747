/** The columns derived from a server.json for search, filters and remote-URL uniqueness. */
import type { ServerJson } from './validation/index.js';

export interface DocumentFacets {
  title: string | null;
  description: string;
  packageTypes: string[];
  remoteTransports: string[];
  remoteUrls: string[];
}

export function documentFacets(doc: ServerJson): DocumentFacets {
  const packages = Array.isArray(doc.packages) ? doc.packages : [];
  const remotes = Array.isArray(doc.remotes) ? doc.remotes : [];
  return {
    title: typeof doc.title === 'string' ? doc.title : null,
    description: doc.description,
    packageTypes: packages.map((p) => String(p.registryType ?? '')),
    remoteTransports: remotes.map((r) => String(r.type ?? '')),
    remoteUrls: remotes.map((r) => r.url).filter((u): u is string => typeof u === 'string' && u.length > 0),
  };
}
