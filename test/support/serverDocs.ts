/** Builders for server.json documents used across tests. */
export const CURRENT_SCHEMA = 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json';

export function serverDoc(name: string, version: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    $schema: CURRENT_SCHEMA,
    name,
    description: `Test server ${name}`,
    version,
    ...extra,
  };
}

export function remoteDoc(name: string, version: string, url: string): Record<string, unknown> {
  return serverDoc(name, version, { remotes: [{ type: 'streamable-http', url }] });
}
