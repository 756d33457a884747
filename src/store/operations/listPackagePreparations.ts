import type { Tx } from '../schema.js';
import type { PackagePreparationRow } from './savePackagePreparation.js';

/** The recorded preparations of one version's packages. */
export async function listPackagePreparations({ tx, server, version }: { tx: Tx; server: string; version: string }): Promise<PackagePreparationRow[]> {
  return tx.selectFrom('package_preparations').selectAll().where('server', '=', server).where('version', '=', version).orderBy('registry_type').orderBy('identifier').execute();
}
