/**
 * The roles and scopes tables of docs/access.md, rendered from ROLE_PERMISSIONS
 * and SCOPE_PERMISSIONS: the docs test compares the file with these, so the
 * documentation cannot drift from what the code enforces.
 */
import { PERMISSIONS, ROLE_PERMISSIONS, ROLES, type Permission } from './roles.js';
import { SCOPE_DESCRIPTIONS, SCOPE_PERMISSIONS, TOKEN_SCOPES } from './tokenScopes.js';

export function rolesTable(): string {
  const lines = [`| Permission | What it allows | ${ROLES.map((r) => `\`${r}\``).join(' | ')} |`, `|---|---|${ROLES.map(() => ':-:').join('|')}|`];
  for (const [permission, description] of Object.entries(PERMISSIONS)) {
    const marks = ROLES.map((r) => (ROLE_PERMISSIONS[r].includes(permission as Permission) ? '✓' : ''));
    lines.push(`| \`${permission}\` | ${description} | ${marks.join(' | ')} |`);
  }
  return lines.join('\n');
}

export function scopesTable(): string {
  const lines = ['| Scope | What it is for | Permissions it lets through |', '|---|---|---|'];
  for (const scope of TOKEN_SCOPES) {
    const permissions = scope === 'admin' ? 'all' : SCOPE_PERMISSIONS[scope].map((p) => `\`${p}\``).join(', ');
    lines.push(`| \`${scope}\` | ${SCOPE_DESCRIPTIONS[scope]} | ${permissions} |`);
  }
  return lines.join('\n');
}
