/**
 * Per-server hosting settings (migration 019): `mode` (`shared` or
 * `per-person`) and `network` (whether instances may reach the network). A
 * server without a row is hosted per person with no network, the safe default.
 * `shared` is refused for a server whose package takes per-person secrets: one
 * instance for everyone would run with one person's values.
 */
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { findServerHosting, nowMicros, upsertServerHosting, type Db } from '../store/index.js';
import type { HostingSettings } from './createHostedInstances.js';
import { INSTANCE_MODES, type InstanceMode } from './hostingTypes.js';

export interface HostingSettingsView extends HostingSettings {
  server: string;
  /** Whether an administrator set them (false: the defaults). */
  configured: boolean;
  updatedBy: string | null;
  updatedAt: string | null;
}

export interface HostingSettingsStore {
  settingsOf(server: string): Promise<HostingSettings>;
  get(server: string): Promise<HostingSettingsView>;
  put(server: string, input: { mode?: unknown; network?: unknown }, actor: string): Promise<HostingSettingsView>;
}

export interface HostingSettingsStoreOptions {
  db: Db;
  serverExists(server: string): Promise<boolean>;
  /** Names of the server's package inputs each person fills with their own secret (none: it may be shared). */
  personalInputsOf(server: string): Promise<string[]>;
}

export const DEFAULT_HOSTING: HostingSettings = { mode: 'per-person', network: false };

export function createHostingSettingsStore(options: HostingSettingsStoreOptions): HostingSettingsStore {
  const { db } = options;
  async function get(server: string): Promise<HostingSettingsView> {
    if (!(await options.serverExists(server))) throw new NotFoundError('HOSTING_SERVER_NOT_FOUND', `No server named '${server}' in the catalog`);
    const row = await findServerHosting({ tx: db, name: server });
    if (!row) return { server, ...DEFAULT_HOSTING, configured: false, updatedBy: null, updatedAt: null };
    return { server, mode: row.mode, network: row.network === 1, configured: true, updatedBy: row.updated_by, updatedAt: new Date(Number(row.updated_at) / 1000).toISOString() };
  }
  return {
    async settingsOf(server) {
      const row = await findServerHosting({ tx: db, name: server });
      return row ? { mode: row.mode, network: row.network === 1 } : DEFAULT_HOSTING;
    },
    get,
    async put(server, input, actor) {
      const errors = [];
      if (typeof input.mode !== 'string' || !(INSTANCE_MODES as readonly string[]).includes(input.mode)) errors.push({ message: 'mode must be shared or per-person', location: 'body.mode' });
      if (typeof input.network !== 'boolean') errors.push({ message: 'network must be true or false', location: 'body.network' });
      if (errors.length) throw new ValidationError('HOSTING_BAD_SETTINGS', 'Hosting settings need mode (shared or per-person) and network (true or false)', errors);
      if (!(await options.serverExists(server))) throw new NotFoundError('HOSTING_SERVER_NOT_FOUND', `No server named '${server}' in the catalog`);
      const mode = input.mode as InstanceMode;
      if (mode === 'shared') {
        const personal = await options.personalInputsOf(server);
        if (personal.length) {
          throw new ConflictError(
            'HOSTING_SHARED_PERSONAL_SECRETS',
            `${server} cannot be hosted shared: its package takes per-person secrets (${personal.join(', ')}), and one instance for everyone would run with one person's values. Set shared values for them (PUT /api/admin/servers/{name}/secrets/{secretName}) or keep per-person`,
          );
        }
      }
      await upsertServerHosting({ tx: db, row: { name: server, mode, network: input.network ? 1 : 0, updated_by: actor, updated_at: nowMicros() } });
      return get(server);
    },
  };
}
