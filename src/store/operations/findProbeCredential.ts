import type { Tx } from '../schema.js';

/** A server's probe credential: the header name and its sealed value, when one is set. */
export async function findProbeCredential({ tx, server }: { tx: Tx; server: string }): Promise<{ header: string; sealed: string } | undefined> {
  const row = await tx.selectFrom('inventory_servers').select(['probe_header_name', 'probe_header_sealed']).where('server', '=', server).executeTakeFirst();
  if (!row?.probe_header_name || !row.probe_header_sealed) return undefined;
  return { header: row.probe_header_name, sealed: row.probe_header_sealed };
}
