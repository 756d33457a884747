/**
 * The channel on which a replica tells the others (PostgreSQL NOTIFY; in process
 * on SQLite) that a server's pin, drift action or drift events changed, so their
 * capability guards reload that server. The payload is the server name, or '' for all.
 */
export const INVENTORY_CHANNEL = 'toolshed_inventory';
