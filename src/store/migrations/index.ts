import type { Kysely } from 'kysely';
import type { DialectName } from '../dialectName.js';
import * as m001 from './001_catalog.js';
import * as m002 from './002_registry_events.js';
import * as m003 from './003_federation.js';
import * as m004 from './004_access.js';
import * as m005 from './005_gateway_connections.js';
import * as m006 from './006_gateway_audit.js';
import * as m007 from './007_gateway_tasks.js';
import * as m008 from './008_name_search.js';
import * as m009 from './009_verified_emails_sealed_sessions.js';
import * as m010 from './010_instance_keys.js';
import * as m011 from './011_upstream_secret_origins.js';
import * as m012 from './012_inventory.js';
import * as m013 from './013_tool_search.js';
import * as m014 from './014_governance.js';
import * as m015 from './015_review.js';
import * as m016 from './016_trust.js';
import * as m017 from './017_reports.js';
import * as m018 from './018_notifications.js';
import * as m019 from './019_server_hosting.js';
import * as m020 from './020_package_preparations.js';
import * as m021 from './021_mirrored_reviews.js';

export interface StoreMigration {
  up(db: Kysely<unknown>, dialect: DialectName): Promise<void>;
}

/** Ordered by name; a released migration is never edited, only followed by a new one. */
export const migrations: Record<string, StoreMigration> = {
  '001_catalog': m001,
  '002_registry_events': m002,
  '003_federation': m003,
  '004_access': m004,
  '005_gateway_connections': m005,
  '006_gateway_audit': m006,
  '007_gateway_tasks': m007,
  '008_name_search': m008,
  '009_verified_emails_sealed_sessions': m009,
  '010_instance_keys': m010,
  '011_upstream_secret_origins': m011,
  '012_inventory': m012,
  '013_tool_search': m013,
  '014_governance': m014,
  '015_review': m015,
  '016_trust': m016,
  '017_reports': m017,
  '018_notifications': m018,
  '019_server_hosting': m019,
  '020_package_preparations': m020,
  '021_mirrored_reviews': m021,
};
