/**
 * The `$schema` checks and full JSON Schema validation of the official registry
 * (internal/validators/schema.go), against the released schemas copied into
 * ./schemas. The schemas declare draft-07, which is Ajv's default dialect.
 *
 * Where upstream's validator library (Go, santhosh-tekuri/jsonschema) and Ajv
 * differ, upstream wins: `format: uri` means "Go's url.Parse accepts it and it has
 * a scheme", and `\s` in patterns is RE2's ASCII class.
 *
 * One deliberate difference: upstream stops after a missing, malformed or
 * unreleased `$schema`. We still validate the document's structure against the
 * current schema so the same response lists every other problem too (the
 * document is invalid either way).
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import * as ajvFormats from 'ajv-formats';
import type { FormatsPlugin } from 'ajv-formats';
import { goRegExp } from './goRegExp.js';
import { parseGoUrl } from './parseGoUrl.js';
import { CURRENT_SCHEMA_URL, CURRENT_SCHEMA_VERSION, SCHEMA_VERSIONS, type SchemaVersion } from './serverJson.js';
import type { NonCurrentSchemaPolicy, ValidationIssue } from './validationIssue.js';

// ajv-formats is CommonJS: its module object is the plugin function, which the
// namespace exposes as `default` (TypeScript's NodeNext typing disagrees).
const addFormats = (ajvFormats as unknown as { default: FormatsPlugin }).default;

const SCHEMA_URL_RE = /\/schemas\/([A-Za-z0-9_~.-]+)\/server\.schema\.json/;

const goRegExpEngine = Object.assign((pattern: string, flags: string) => goRegExp(pattern, flags), { code: 'goRegExp' });

// santhosh-tekuri/jsonschema's `uri`: Go's url.Parse succeeds and the URL is absolute.
function isGoUri(value: string): boolean {
  const parsed = parseGoUrl(value);
  return parsed.ok && parsed.url.scheme !== '';
}

interface CompiledSchema {
  validate: ValidateFunction;
  id: string;
  /** Where each subschema sits in its file, to name a failing keyword absolutely. */
  pointers: WeakMap<object, string>;
}

let ajv: Ajv | undefined;
const compiled = new Map<SchemaVersion, CompiledSchema>();

function getAjv(): Ajv {
  if (!ajv) {
    // strict:false because the schemas carry OpenAPI's `example` annotation.
    ajv = new Ajv({ allErrors: true, strict: false, verbose: true, code: { regExp: goRegExpEngine } });
    addFormats(ajv);
    ajv.addFormat('uri', isGoUri);
  }
  return ajv;
}

function isSchemaVersion(version: string): version is SchemaVersion {
  return (SCHEMA_VERSIONS as readonly string[]).includes(version);
}

function indexSubschemas(node: unknown, pointer: string, into: WeakMap<object, string>): void {
  if (typeof node !== 'object' || node === null) return;
  into.set(node, pointer);
  for (const [key, child] of Object.entries(node)) {
    indexSubschemas(child, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, into);
  }
}

/** Compiles a released schema on first use; later calls reuse the compiled validator. */
export function compiledSchema(version: SchemaVersion): CompiledSchema {
  let entry = compiled.get(version);
  if (!entry) {
    const schema = JSON.parse(readFileSync(new URL(`./schemas/${version}.json`, import.meta.url), 'utf8')) as { $id: string };
    const pointers = new WeakMap<object, string>();
    indexSubschemas(schema, '', pointers);
    entry = { validate: getAjv().compile(schema), id: schema.$id, pointers };
    compiled.set(version, entry);
  }
  return entry;
}

// Ajv's schemaPath restarts at every $ref target; upstream reports the keyword's
// absolute location in the schema file (e.g. …#/definitions/Package/properties/version/not).
function keywordLocation(error: ErrorObject, schema: CompiledSchema): string {
  const parent = error.parentSchema;
  const pointer = parent !== undefined ? schema.pointers.get(parent) : undefined;
  return pointer !== undefined ? `${schema.id}#${pointer}/${error.keyword}` : `${schema.id}${error.schemaPath}`;
}

// Upstream's ConvertJSONPointerToBracketNotation: numeric segments become `[n]`.
function pointerToPath(pointer: string): string {
  if (pointer === '') return '';
  let out = '';
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^[+-]?[0-9]+$/.test(segment)) out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function quoted(v: unknown): string {
  return typeof v === 'string' ? `'${v}'` : (JSON.stringify(v) ?? String(v));
}

// Worded like santhosh-tekuri/jsonschema after upstream's clean-up ("missing
// properties" → "missing required fields", "is not valid" → "has invalid format").
function describe(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  const length = typeof error.data === 'string' ? [...error.data].length : 0;
  switch (error.keyword) {
    case 'required':
      return `missing required fields: '${String(p.missingProperty)}'`;
    case 'type':
      return `expected ${String(p.type)}, but got ${jsonType(error.data)}`;
    case 'minLength':
      return `length must be >= ${String(p.limit)}, but got ${length}`;
    case 'maxLength':
      return `length must be <= ${String(p.limit)}, but got ${length}`;
    case 'pattern':
      return `does not match pattern '${String(p.pattern)}'`;
    case 'format':
      return `${quoted(error.data)} has invalid format '${String(p.format)}'`;
    case 'enum':
      return `value must be one of ${(Array.isArray(p.allowedValues) ? p.allowedValues : []).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `value must be ${JSON.stringify(p.allowedValue)}`;
    case 'not':
      return 'not failed';
    case 'additionalProperties':
      return `additionalProperties '${String(p.additionalProperty)}' not allowed`;
    case 'anyOf':
    case 'oneOf':
    case 'allOf':
      return `${error.keyword} failed`;
    default:
      return `${error.keyword} failed${error.message ? `: ${error.message}` : ''}`;
  }
}

function schemaIssues(doc: unknown, version: SchemaVersion): ValidationIssue[] {
  const schema = compiledSchema(version);
  if (schema.validate(doc)) return [];
  return (schema.validate.errors ?? []).map((error) => ({
    type: 'schema' as const,
    path: pointerToPath(error.instancePath),
    message: describe(error),
    severity: 'error' as const,
    reference: keywordLocation(error, schema),
  }));
}

function schemaVersionIssues(schemaUrl: string, policy: NonCurrentSchemaPolicy): { issues: ValidationIssue[]; version?: SchemaVersion } {
  if (schemaUrl === '') {
    return {
      issues: [{ type: 'semantic', path: 'schema', message: '$schema field is required', severity: 'error', reference: 'schema-field-required' }],
    };
  }
  const version = SCHEMA_URL_RE.exec(schemaUrl)?.[1];
  if (version === undefined) {
    return {
      issues: [
        {
          type: 'schema',
          path: 'schema',
          message: `failed to extract schema version from URL: invalid schema URL format: ${schemaUrl}`,
          severity: 'error',
          reference: 'schema-version-extraction-error',
        },
      ],
    };
  }
  const issues: ValidationIssue[] = [];
  // Upstream compares the whole URL, so even the current date under another host is "not current".
  if (schemaUrl !== CURRENT_SCHEMA_URL && policy !== 'allow') {
    issues.push({
      type: 'semantic',
      path: 'schema',
      message:
        policy === 'error'
          ? `schema version ${version} is not the current version (${CURRENT_SCHEMA_VERSION}). Use the current schema version`
          : `schema version ${version} is not the current version (${CURRENT_SCHEMA_VERSION}). Consider updating to the latest schema version`,
      severity: policy === 'error' ? 'error' : 'warning',
      reference: 'schema-version-deprecated',
    });
  }
  if (!isSchemaVersion(version)) {
    issues.push({
      type: 'schema',
      path: 'schema',
      message: `schema version ${version} not available: schema version ${version} not found in embedded schemas: open schemas/${version}.json: file does not exist`,
      severity: 'error',
      reference: 'schema-version-not-available',
    });
    return { issues };
  }
  return { issues, version };
}

/** `$schema` rules plus full JSON Schema validation against the declared released version. */
export function schemaValidation(doc: unknown, policy: NonCurrentSchemaPolicy = 'warn'): ValidationIssue[] {
  const declared = typeof doc === 'object' && doc !== null && !Array.isArray(doc) && Object.hasOwn(doc, '$schema') ? (doc as Record<string, unknown>).$schema : undefined;
  const { issues, version } = schemaVersionIssues(typeof declared === 'string' ? declared : '', policy);
  return [...issues, ...schemaIssues(doc, version ?? CURRENT_SCHEMA_VERSION)];
}
