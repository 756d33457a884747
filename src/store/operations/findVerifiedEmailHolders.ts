import type { Tx } from '../schema.js';

/** The ids of everyone whose IdP verified this email (case-insensitive) at their last sign-in. */
export async function findVerifiedEmailHolders({ tx, email }: { tx: Tx; email: string }): Promise<string[]> {
  const rows = await tx
    .selectFrom('users')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .where('email_verified', '=', 1)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}
