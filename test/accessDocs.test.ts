/**
 * docs/access.md against the code: its roles table (parsed back into
 * permissions × roles) matches ROLE_PERMISSIONS and PERMISSIONS, and its scopes
 * table matches SCOPE_PERMISSIONS; a mismatch fails with the table to paste.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rolesTable, scopesTable } from '../src/access/accessTables.js';
import { PERMISSIONS, ROLE_PERMISSIONS, ROLES } from '../src/access/roles.js';
import { SCOPE_PERMISSIONS, TOKEN_SCOPES } from '../src/access/tokenScopes.js';

const DOC = join(import.meta.dirname, '..', 'docs', 'access.md');

function section(name: string): string {
  const text = readFileSync(DOC, 'utf8');
  const match = new RegExp(`<!-- ${name}:start[^>]*-->\\n([\\s\\S]*?)\\n<!-- ${name}:end -->`).exec(text);
  expect(match, `docs/access.md has no <!-- ${name}:start --> … <!-- ${name}:end --> block`).not.toBeNull();
  return match![1]!;
}

const cells = (line: string) =>
  line
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim());
const unquote = (s: string) => s.replace(/^`|`$/g, '');
const fix = (table: string) => `docs/access.md is out of date: replace its table with\n\n${table}\n`;

describe('docs/access.md', () => {
  it('prints the roles table the code enforces', () => {
    const lines = section('roles-table').split('\n');
    const header = cells(lines[0]!);
    expect(header.slice(2).map(unquote), fix(rolesTable())).toEqual([...ROLES]);
    const rows = lines.slice(2).map(cells);
    expect(
      rows.map((r) => unquote(r[0]!)),
      fix(rolesTable()),
    ).toEqual(Object.keys(PERMISSIONS));
    for (const row of rows) {
      const permission = unquote(row[0]!) as keyof typeof PERMISSIONS;
      expect(row[1], fix(rolesTable())).toBe(PERMISSIONS[permission]);
      const holders = ROLES.filter((_, i) => row[2 + i] === '✓');
      expect(holders, `${permission}: ${fix(rolesTable())}`).toEqual(ROLES.filter((r) => ROLE_PERMISSIONS[r].includes(permission)));
    }
    expect(section('roles-table'), fix(rolesTable())).toBe(rolesTable());
  });

  it('prints the scopes table the code enforces', () => {
    const rows = section('scopes-table').split('\n').slice(2).map(cells);
    expect(
      rows.map((r) => unquote(r[0]!)),
      fix(scopesTable()),
    ).toEqual([...TOKEN_SCOPES]);
    for (const row of rows) {
      const scope = unquote(row[0]!) as (typeof TOKEN_SCOPES)[number];
      const listed = row[2] === 'all' ? Object.keys(PERMISSIONS) : row[2]!.split(',').map((p) => unquote(p.trim()));
      expect(listed, fix(scopesTable())).toEqual([...SCOPE_PERMISSIONS[scope]]);
    }
    expect(section('scopes-table'), fix(scopesTable())).toBe(scopesTable());
  });
});
