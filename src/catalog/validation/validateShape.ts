/**
 * A small re-implementation of Huma's request-body validation (huma/v2
 * validate.go), which the official registry runs before authentication. Clients
 * see its exact messages and locations in 422 bodies, so wording, order and the
 * `value` attached to each error follow Huma:
 *
 * - declared properties are checked in struct order, then unknown keys are
 *   reported (`additionalProperties:false` on every Go struct);
 * - a missing required property and an unknown key carry the containing object
 *   as `value`, every other error the offending value;
 * - property names match case-insensitively, as in Huma and Go's encoding/json;
 * - an optional property set to `null` is treated as absent (Go leaves the field
 *   at its zero value, which `omitempty` then drops).
 *
 * One deliberate difference: when a document spells one property twice with
 * different casing, Huma validates one spelling while encoding/json stores the
 * last one. We validate every spelling and keep the last, so what is stored has
 * always been validated.
 *
 * The canonical value keeps the publisher's key order and values; only key
 * spellings are normalised. It never walks free-form content (`_meta`
 * publisher-provided), so hostile nesting depth cannot exhaust the stack.
 */
import type { ErrorDetail } from '../../errors.js';
import { goRegExp } from './goRegExp.js';
import { parseGoUrl } from './parseGoUrl.js';

export interface StringShape {
  readonly kind: 'string';
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: { readonly source: string; readonly re: RegExp };
  readonly format?: 'uri';
  readonly enum?: readonly string[];
}

export interface PropertyShape {
  readonly name: string;
  readonly shape: Shape;
  readonly required?: boolean;
}

export type Shape =
  | StringShape
  | { readonly kind: 'boolean' }
  | { readonly kind: 'array'; readonly items: Shape }
  /** A Go struct: fixed properties, nothing else allowed. */
  | { readonly kind: 'object'; readonly properties: readonly PropertyShape[] }
  /** A Go map[string]T: any keys, every value checked against `values`. */
  | { readonly kind: 'map'; readonly values: Shape }
  /** A Go map[string]any: any JSON object, not inspected. */
  | { readonly kind: 'freeform' };

export type ShapeResult<T> = { ok: true; value: T } | { ok: false; errors: ErrorDetail[] };

/** Go regexps for `pattern` tags, compiled once when a shape is declared. */
export function goPattern(source: string): { source: string; re: RegExp } {
  return { source, re: goRegExp(source) };
}

type JsonObject = Record<string, unknown>;

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// Own data properties only: inherited names (`constructor`, `__proto__`) must never
// be mistaken for publisher keys, and accessors are not JSON.
function ownEntries(o: JsonObject): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  for (const key of Object.keys(o)) {
    const d = Object.getOwnPropertyDescriptor(o, key);
    if (d && 'value' in d && d.value !== undefined) out.push([key, d.value]);
  }
  return out;
}

// Unicode simple case folding per code point, close to Go's strings.EqualFold
// (so `ſ` folds to `s` and the Kelvin sign to `k`, but `İ` matches nothing ASCII).
function foldChar(ch: string): string {
  const upper = ch.toUpperCase();
  const u = [...upper].length === 1 ? upper : ch;
  const lower = u.toLowerCase();
  return [...lower].length === 1 ? lower : u;
}

function foldKey(s: string): string {
  let out = '';
  for (const ch of s) out += foldChar(ch);
  return out;
}

function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

// A value to store under an arbitrary key without invoking the `__proto__` setter.
function defineOwn(target: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

class ShapeChecker {
  readonly errors: ErrorDetail[] = [];

  private add(location: string, value: unknown, message: string): void {
    this.errors.push({ message, location, value });
  }

  check(shape: Shape, v: unknown, path: string): unknown {
    switch (shape.kind) {
      case 'string':
        return this.checkString(shape, v, path);
      case 'boolean':
        if (typeof v !== 'boolean') this.add(path, v, 'expected boolean');
        return v;
      case 'array':
        if (!Array.isArray(v)) {
          this.add(path, v, 'expected array');
          return v;
        }
        return this.checkItems(shape.items, v, path);
      case 'object':
        if (!isObject(v)) {
          this.add(path, v, 'expected object');
          return v;
        }
        return this.checkStruct(shape.properties, v, path);
      case 'map': {
        if (!isObject(v)) {
          this.add(path, v, 'expected object');
          return v;
        }
        const out: JsonObject = {};
        for (const [key, value] of ownEntries(v)) defineOwn(out, key, this.check(shape.values, value, `${path}.${key}`));
        return out;
      }
      case 'freeform':
        if (!isObject(v)) this.add(path, v, 'expected object');
        return v;
    }
  }

  // An index loop, not Array#map: map consults a caller-supplied `constructor` property (species).
  private checkItems(items: Shape, v: readonly unknown[], path: string): unknown[] {
    const out: unknown[] = [];
    for (let i = 0; i < v.length; i++) out.push(this.check(items, v[i], `${path}[${i}]`));
    return out;
  }

  private checkString(shape: StringShape, v: unknown, path: string): unknown {
    if (typeof v !== 'string') {
      this.add(path, v, 'expected string');
      return v;
    }
    if (shape.minLength !== undefined || shape.maxLength !== undefined) {
      const length = codePointLength(v);
      if (shape.minLength !== undefined && length < shape.minLength) this.add(path, v, `expected length >= ${shape.minLength}`);
      if (shape.maxLength !== undefined && length > shape.maxLength) this.add(path, v, `expected length <= ${shape.maxLength}`);
    }
    if (shape.pattern && !shape.pattern.re.test(v)) {
      this.add(path, v, `expected string to match pattern ${shape.pattern.source}`);
    }
    if (shape.format === 'uri') {
      const parsed = parseGoUrl(v);
      if (!parsed.ok) this.add(path, v, `expected string to be RFC 3986 uri: ${parsed.error}`);
    }
    if (shape.enum && !shape.enum.includes(v)) {
      this.add(path, v, `expected value to be one of "${shape.enum.join(', ')}"`);
    }
    return v;
  }

  private checkStruct(properties: readonly PropertyShape[], v: JsonObject, path: string): JsonObject {
    const entries = ownEntries(v);
    const exact = new Map(properties.map((p) => [p.name, p]));
    const folded = new Map(properties.map((p) => [foldKey(p.name), p]));
    const owner = entries.map(([key]) => exact.get(key) ?? folded.get(foldKey(key)));
    const checked = new Map<string, unknown>();

    for (const prop of properties) {
      const spellings = entries.filter((_, i) => owner[i] === prop);
      if (spellings.length === 0) {
        if (prop.required) this.add(path, v, `expected required property ${prop.name} to be present`);
        continue;
      }
      for (const [, value] of spellings) {
        if (value === null && !prop.required) continue;
        checked.set(prop.name, this.check(prop.shape, value, `${path}.${prop.name}`));
      }
    }

    entries.forEach(([key], i) => {
      if (!owner[i]) this.add(`${path}.${key}`, v, 'unexpected property');
    });

    // Canonical names are fixed identifiers, so plain assignment cannot reach a prototype.
    const out: JsonObject = {};
    entries.forEach((_, i) => {
      const prop = owner[i];
      if (prop && checked.has(prop.name) && !Object.hasOwn(out, prop.name)) out[prop.name] = checked.get(prop.name);
    });
    return out;
  }
}

/** Validates `body` against `shape`, reporting locations under `body` as Huma does. */
export function validateShape<T>(shape: Shape, body: unknown): ShapeResult<T> {
  const checker = new ShapeChecker();
  const value = checker.check(shape, body, 'body');
  if (checker.errors.length > 0) return { ok: false, errors: checker.errors };
  return { ok: true, value: value as T };
}
