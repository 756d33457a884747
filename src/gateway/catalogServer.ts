/**
 * What the connection layer needs to know about a catalog server: its latest
 * server.json and the federation source it is mirrored from ('' for a local
 * server), so access rules naming a source apply to connections too.
 */
export interface CatalogServer {
  name: string;
  /** The latest version's server.json. */
  doc: { name: string; remotes?: RemoteDoc[] | undefined; [key: string]: unknown };
  /** The whole official ServerResponse (`{server, _meta}`), for listings. */
  response: { server: Record<string, unknown>; _meta?: Record<string, unknown> };
  source: string;
}

export interface RemoteInput {
  isRequired?: boolean;
  isSecret?: boolean;
  default?: string;
  value?: string;
  choices?: unknown;
  description?: string;
}

export interface RemoteDoc {
  type?: unknown;
  url?: unknown;
  headers?: Array<RemoteInput & { name?: unknown }>;
  variables?: Record<string, RemoteInput>;
}

/** The latest version of a server, or undefined when there is none (unknown, or every version deleted). */
export type FindCatalogServer = (name: string) => Promise<CatalogServer | undefined>;
