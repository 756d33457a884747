import type { PackagePreparationsTable, Tx } from '../schema.js';

export type PackagePreparationRow = PackagePreparationsTable;

/** Records one package's preparation, replacing an earlier one of the same server, version and package. */
export async function savePackagePreparation({ tx, row }: { tx: Tx; row: PackagePreparationRow }): Promise<void> {
  await tx
    .insertInto('package_preparations')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['server', 'version', 'registry_type', 'identifier'])
        .doUpdateSet({ outcome: row.outcome, integrity: row.integrity, size_bytes: row.size_bytes, reason: row.reason, prepared_at: row.prepared_at }),
    )
    .execute();
}
