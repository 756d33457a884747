import type { Tx, UsersTable } from '../schema.js';

/** A person by id, or by the IdP's issuer and subject. */
export async function findUser({ tx, id, issuer, subject }: { tx: Tx; id?: string; issuer?: string; subject?: string }): Promise<UsersTable | undefined> {
  let q = tx.selectFrom('users').selectAll();
  if (id !== undefined) q = q.where('id', '=', id);
  else if (issuer !== undefined && subject !== undefined) q = q.where('issuer', '=', issuer).where('subject', '=', subject);
  else throw new Error('findUser needs an id, or an issuer and a subject');
  const row = await q.executeTakeFirst();
  if (!row) return undefined;
  return { ...row, disabled: Number(row.disabled), created_at: Number(row.created_at), last_login_at: row.last_login_at === null ? null : Number(row.last_login_at) };
}
