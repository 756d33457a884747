/**
 * How the server page reads a tool definition (web/src/inventory/toolView.ts): parameter
 * rows from an input schema (types in words, required, one level of nesting with a note,
 * rows cut with a note, a non-object schema noted), annotation badges only for the hints
 * present, titles from the annotations, prompt arguments from hostile shapes, and the
 * health summary.
 */
import { describe, expect, it } from 'vitest';
import { annotationBadges, healthSummary, MAX_PARAMETER_ROWS, parametersOf, promptArguments, textsOf, typeOf } from './toolView.js';

describe('parametersOf', () => {
  it('lists each property with its type, whether required and its description', () => {
    const p = parametersOf({
      type: 'object',
      properties: { path: { type: 'string', description: 'Where' }, mode: { enum: ['r', 'w'] }, n: { type: ['integer', 'null'] }, tags: { type: 'array', items: { type: 'string' } } },
      required: ['path'],
    });
    expect(p.rows).toEqual([
      { name: 'path', type: 'string', required: true, description: 'Where', depth: 0 },
      { name: 'mode', type: 'one of "r", "w"', required: false, description: '', depth: 0 },
      { name: 'n', type: 'integer | null', required: false, description: '', depth: 0 },
      { name: 'tags', type: 'array of string', required: false, description: '', depth: 0 },
    ]);
    expect(p.notes).toEqual([]);
  });

  it('opens nested objects one level deep and notes deeper ones', () => {
    const p = parametersOf({
      type: 'object',
      properties: { options: { type: 'object', required: ['depth'], properties: { depth: { type: 'number' }, filter: { type: 'object', properties: { x: { type: 'string' } } } } } },
    });
    expect(p.rows.map((r) => [r.name, r.type, r.required, r.depth])).toEqual([
      ['options', 'object', false, 0],
      ['options.depth', 'number', true, 1],
      ['options.filter', 'object', false, 1],
    ]);
    expect(p.notes[0]).toMatch(/more than one level deep/);
  });

  it('cuts a huge schema with a note, and says when the schema is not an object schema', () => {
    const properties = Object.fromEntries(Array.from({ length: MAX_PARAMETER_ROWS + 5 }, (_, i) => [`p${i}`, { type: 'string' }]));
    const p = parametersOf({ type: 'object', properties });
    expect(p.rows).toHaveLength(MAX_PARAMETER_ROWS);
    expect(p.notes).toEqual(['5 more parameters are not shown here; see the full definition.']);
    expect(parametersOf('nonsense').notes[0]).toMatch(/not an object schema/);
    expect(parametersOf({ type: 'object' }).rows).toEqual([]);
    expect(parametersOf({ type: 'object', properties: { x: 42 } }).rows[0]).toMatchObject({ name: 'x', type: 'any' });
  });

  it('names unions and references', () => {
    expect(typeOf({ anyOf: [{ type: 'string' }, { type: 'number' }] })).toBe('string | number');
    expect(typeOf({ $ref: '#/$defs/Thing' })).toBe('see #/$defs/Thing');
    expect(typeOf({ const: 'x' })).toBe('exactly "x"');
  });
});

describe('annotationBadges', () => {
  it('shows only the hints the server set, true or false, as its claims', () => {
    const badges = annotationBadges({ annotations: { readOnlyHint: true, openWorldHint: false, destructiveHint: 'yes' } });
    expect(badges.map((b) => [b.label, b.tone])).toEqual([
      ['read-only', 'ok'],
      ['closed world', 'tag'],
    ]);
    expect(badges[0]!.claim).toBe('The server says: does not change anything.');
    expect(annotationBadges({})).toEqual([]);
    expect(annotationBadges({ annotations: { destructiveHint: true, idempotentHint: true } }).map((b) => b.label)).toEqual(['destructive', 'idempotent']);
  });
});

describe('textsOf and promptArguments', () => {
  it('takes the title from the definition or its annotations, and ignores non-text', () => {
    expect(textsOf({ title: 'Read', description: 'Reads' })).toEqual({ title: 'Read', description: 'Reads' });
    expect(textsOf({ annotations: { title: 'From annotations' }, description: 42 })).toEqual({ title: 'From annotations' });
  });

  it('reads prompt arguments from whatever shape arrived', () => {
    expect(promptArguments({ arguments: [{ name: 'topic', required: true, description: 'What' }, 'junk', { required: 'yes' }] })).toEqual([
      { name: 'topic', required: true, description: 'What' },
      { name: '?', required: false, description: '' },
    ]);
    expect(promptArguments({ arguments: 'nope' })).toEqual([]);
  });
});

describe('healthSummary', () => {
  it('says up or down from the newest reading, the median latency of the up ones, and the share up', () => {
    expect(
      healthSummary([
        { up: false, latencyMs: 5000 },
        { up: true, latencyMs: 30 },
        { up: true, latencyMs: 10 },
        { up: true, latencyMs: 20 },
      ]),
    ).toEqual({ up: false, medianLatencyMs: 20, upShare: 0.75 });
    expect(healthSummary([])).toEqual({ up: null, medianLatencyMs: null, upShare: null });
  });
});
