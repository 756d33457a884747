// snapshotOf: canonical hashing (key order does not count, content does), sorting, keys per kind, the whole hash.
import { describe, expect, it } from 'vitest';
import { hashDefinition, itemsOf, snapshotOf } from './snapshotOf.js';

describe('snapshotOf', () => {
  it('hashes a definition independently of key order, and differently when any value changes', () => {
    const a = hashDefinition({ name: 'x', description: 'd', inputSchema: { type: 'object', properties: { q: { type: 'string' } } } });
    const b = hashDefinition({ inputSchema: { properties: { q: { type: 'string' } }, type: 'object' }, description: 'd', name: 'x' });
    const c = hashDefinition({ name: 'x', description: 'd.', inputSchema: { type: 'object', properties: { q: { type: 'string' } } } });
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keys tools by name, resources by uri and templates by uriTemplate, sorted, dropping keyless items', () => {
    expect(itemsOf('tools', [{ name: 'b' }, { name: 'a' }, { title: 'no name' }]).map((i) => i.key)).toEqual(['a', 'b']);
    expect(itemsOf('resources', [{ uri: 'file:///z', name: 'z' }]).map((i) => i.key)).toEqual(['file:///z']);
    expect(itemsOf('resourceTemplates', [{ uriTemplate: 'db://{t}', name: 't' }]).map((i) => i.key)).toEqual(['db://{t}']);
  });

  it('gives equal hashes for the same lists in another order, and a new hash when instructions or a tool change', () => {
    const base = { protocolVersion: '2025-11-25', era: 'session' as const, instructions: 'use me', lists: { tools: [{ name: 'a' }, { name: 'b' }] } };
    const same = snapshotOf({ ...base, lists: { tools: [{ name: 'b' }, { name: 'a' }] }, serverInfo: { name: 'other' } });
    expect(snapshotOf(base).hash).toBe(same.hash);
    expect(snapshotOf({ ...base, instructions: 'use me now' }).hash).not.toBe(same.hash);
    expect(snapshotOf({ ...base, lists: { tools: [{ name: 'a' }, { name: 'b', description: 'x' }] } }).hash).not.toBe(same.hash);
    expect(snapshotOf(base).items.prompts).toEqual([]);
  });
});
