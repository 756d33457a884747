/**
 * Owners as the editor writes them, one a line: `group:NAME` for a group, an email for
 * a person, `user:ID` for a person by user id. Pure; unit-tested beside this file.
 */
import type { GovernanceChange, GovernanceOwner } from './serverGovernanceApi.js';

type OwnerInput = NonNullable<GovernanceChange['owners']>[number];

/** The owners as editable lines (a person by email when known). */
export function ownersToLines(owners: readonly GovernanceOwner[]): string {
  return owners.map((o) => (o.kind === 'group' ? `group:${o.name ?? ''}` : o.email ? o.email : `user:${o.id ?? ''}`)).join('\n');
}

/** The lines as the API's owner list; blank lines are skipped. */
export function linesToOwners(text: string): OwnerInput[] {
  const owners: OwnerInput[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    if (/^group:/i.test(line)) owners.push({ kind: 'group', name: line.slice(6).trim() });
    else if (/^user:/i.test(line)) owners.push({ kind: 'user', id: line.slice(5).trim() });
    else owners.push({ kind: 'user', email: line });
  }
  return owners;
}

/** How an owner reads on the page. */
export function ownerLabel(o: GovernanceOwner): string {
  if (o.kind === 'group') return `group ${o.name ?? ''}`;
  return o.name && o.email ? `${o.name} <${o.email}>` : (o.email ?? o.name ?? o.id ?? '');
}

/** Whether the person (by id, email or group) is among the owners. */
export function isOwner(owners: readonly GovernanceOwner[], person: { id: string; email: string | null; groups: readonly string[] } | null): boolean {
  if (!person) return false;
  return owners.some((o) => (o.kind === 'group' ? person.groups.includes(o.name ?? '') : o.id === person.id || (person.email !== null && o.email === person.email)));
}
