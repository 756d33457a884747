import { describe, expect, it } from 'vitest';
import { isOwner, linesToOwners, ownerLabel, ownersToLines } from './ownerLines.js';

describe('owner lines', () => {
  it('writes groups, people by email and people by id, and reads them back', () => {
    const text = ownersToLines([
      { kind: 'group', name: 'platform' },
      { kind: 'user', id: 'usr_1', email: 'ana@acme.example', name: 'Ana' },
      { kind: 'user', id: 'usr_2' },
    ]);
    expect(text).toBe('group:platform\nana@acme.example\nuser:usr_2');
    expect(linesToOwners(`${text}\n\n  `)).toEqual([
      { kind: 'group', name: 'platform' },
      { kind: 'user', email: 'ana@acme.example' },
      { kind: 'user', id: 'usr_2' },
    ]);
  });

  it('labels owners and tells whether a person is one', () => {
    expect(ownerLabel({ kind: 'user', id: 'usr_1', email: 'ana@acme.example', name: 'Ana' })).toBe('Ana <ana@acme.example>');
    expect(ownerLabel({ kind: 'group', name: 'platform' })).toBe('group platform');
    const owners = [
      { kind: 'group' as const, name: 'platform' },
      { kind: 'user' as const, id: 'usr_2' },
    ];
    expect(isOwner(owners, { id: 'usr_9', email: null, groups: ['platform'] })).toBe(true);
    expect(isOwner(owners, { id: 'usr_2', email: null, groups: [] })).toBe(true);
    expect(isOwner(owners, { id: 'usr_3', email: 'x@y', groups: ['sales'] })).toBe(false);
    expect(isOwner(owners, null)).toBe(false);
  });
});
