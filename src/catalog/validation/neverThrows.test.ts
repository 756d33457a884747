// Covers robustness: the shape checks and full validation return result objects
// for any JSON value and for randomly mutated valid documents (replaced values,
// removed keys, added keys such as __proto__ or re-cased names), never throw,
// never pollute prototypes, and an accepted value is accepted again unchanged.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkApiShape } from './checkApiShape.js';
import { checkStatusBody } from './checkStatusBody.js';
import { validateServerJson } from './validateServerJson.js';

const dir = join(fileURLToPath(new URL('.', import.meta.url)), 'fixtures/server-json');
const examples = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as unknown);

type Container = Record<string, unknown> | unknown[];

function containers(value: unknown, out: Container[] = []): Container[] {
  if (typeof value === 'object' && value !== null) {
    out.push(value as Container);
    for (const child of Object.values(value)) containers(child, out);
  }
  return out;
}

const mutation = fc.record({
  example: fc.nat(),
  target: fc.nat(),
  op: fc.constantFrom('replace', 'delete', 'add'),
  key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'NAME', 'Version', 'registry_type', '_meta'), fc.string()),
  value: fc.jsonValue(),
});

interface MutationInput {
  example: number;
  target: number;
  op: 'replace' | 'delete' | 'add';
  key: string;
  value: unknown;
}

function mutate({ example, target, op, key, value }: MutationInput): unknown {
  const doc = structuredClone(examples[example % examples.length]);
  const all = containers(doc);
  const node = all[target % all.length];
  if (node === undefined) return doc;
  const keys = Object.keys(node);
  const existing = keys.length > 0 ? keys[target % keys.length] : undefined;
  const name = op === 'add' || existing === undefined ? key : existing;
  // An array's own `length` cannot be redefined, and no JSON text could give an array one: not a document.
  if (Array.isArray(node) && name === 'length') return doc;
  if (op === 'delete' && existing !== undefined && !Array.isArray(node)) {
    delete (node as Record<string, unknown>)[existing];
  } else {
    Object.defineProperty(node, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return doc;
}

function assertWellFormed(body: unknown): void {
  const shape = checkApiShape(body);
  if (shape.ok) {
    expect(checkApiShape(shape.value)).toEqual(shape);
  } else {
    expect(shape.errors.length).toBeGreaterThan(0);
    for (const e of shape.errors) expect(e.location?.startsWith('body')).toBe(true);
  }
  const result = validateServerJson(body);
  expect(result.valid).toBe(!result.issues.some((i) => i.severity === 'error'));
  const status = checkStatusBody(body);
  expect(status.ok || status.errors.length > 0).toBe(true);
}

const prototypeNames = Object.getOwnPropertyNames(Object.prototype).sort();

describe('never throws', () => {
  it('handles arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => assertWellFormed(value)),
      { numRuns: Number(process.env.FC_RUNS ?? 500) },
    );
  });

  it('handles arbitrary JSON parsed from text, including __proto__ keys', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => assertWellFormed(JSON.parse(JSON.stringify({ __proto__x: value }).replace('__proto__x', '__proto__')))),
      { numRuns: 200 },
    );
  });

  it('does not call back into an array through its own constructor property', () => {
    const doc = structuredClone(examples[0]) as Record<string, unknown>;
    for (const key of ['packages', 'remotes', 'icons']) {
      const value = doc[key];
      if (Array.isArray(value)) Object.defineProperty(value, 'constructor', { value: '', enumerable: true });
    }
    expect(Array.isArray(doc.packages)).toBe(true);
    assertWellFormed(doc);
  });

  it('handles hostile nesting depth anywhere in the document', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = i % 2 === 0 ? [deep] : { k: deep };
    const doc = structuredClone(examples[0]) as Record<string, unknown>;
    for (const body of [
      deep,
      { ...doc, packages: deep },
      { ...doc, remotes: [deep] },
      { ...doc, _meta: { 'io.modelcontextprotocol.registry/publisher-provided': { deep } } },
      { ...doc, unknown: deep },
    ]) {
      assertWellFormed(body);
    }
  });

  it('handles randomly mutated valid documents', () => {
    fc.assert(
      fc.property(mutation, (m) => {
        assertWellFormed(mutate(m));
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 1000) },
    );
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeNames);
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });
});
