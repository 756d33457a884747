/**
 * What the server page shows of a tool, prompt or resource definition, read defensively
 * (a definition is whatever the upstream sent): its parameters as table rows from the
 * input schema (nested objects one level deep, deeper ones named but not opened), its
 * annotation hints as badges (only the hints present), its title and description as
 * text, and a health summary of recent readings. Pure; unit-tested beside this file.
 */

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export interface ParameterRow {
  /** `parent.child` for a property of a nested object. */
  name: string;
  type: string;
  required: boolean;
  description: string;
  /** Nesting depth: 0 for a top-level parameter, 1 for a property of one. */
  depth: 0 | 1;
}

export interface Parameters {
  rows: ParameterRow[];
  /** Something about the schema a reader should know (nesting not shown, rows cut, no object schema). */
  notes: string[];
}

/** Table rows past this are cut, with a note: a hostile schema must not make the page unusable. */
export const MAX_PARAMETER_ROWS = 100;

/** A schema's type in words: `string`, `integer | null`, `array of string`, `one of "a", "b"`. */
export function typeOf(schema: unknown): string {
  if (!isObject(schema)) return 'any';
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    const shown = schema.enum.slice(0, 6).map((v) => JSON.stringify(v));
    return `one of ${shown.join(', ')}${schema.enum.length > 6 ? ', …' : ''}`;
  }
  if ('const' in schema) return `exactly ${JSON.stringify(schema.const)}`;
  const t = schema.type;
  if (t === 'array') return isObject(schema.items) ? `array of ${typeOf(schema.items)}` : 'array';
  if (typeof t === 'string') return t;
  if (Array.isArray(t)) return t.filter((x): x is string => typeof x === 'string').join(' | ') || 'any';
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options) && options.length > 0) return options.map(typeOf).join(' | ');
  }
  if (typeof schema.$ref === 'string') return `see ${schema.$ref}`;
  if (isObject(schema.properties)) return 'object';
  return 'any';
}

function requiredOf(schema: Json): Set<string> {
  return new Set(Array.isArray(schema.required) ? schema.required.filter((x): x is string => typeof x === 'string') : []);
}

/** The input schema as rows: each property with its type, whether required and its description. */
export function parametersOf(inputSchema: unknown): Parameters {
  const rows: ParameterRow[] = [];
  const notes: string[] = [];
  if (!isObject(inputSchema) || (inputSchema.type !== undefined && inputSchema.type !== 'object')) {
    return { rows, notes: ['The input schema is not an object schema; see the full definition.'] };
  }
  const properties = isObject(inputSchema.properties) ? inputSchema.properties : {};
  const required = requiredOf(inputSchema);
  let deeper = false;
  let cut = 0;
  const push = (row: ParameterRow) => {
    if (rows.length < MAX_PARAMETER_ROWS) rows.push(row);
    else cut++;
  };
  for (const [name, schema] of Object.entries(properties)) {
    const s = isObject(schema) ? schema : {};
    push({ name, type: typeOf(s), required: required.has(name), description: text(s.description) ?? text(s.title) ?? '', depth: 0 });
    if (typeOf(s) === 'object' && isObject(s.properties)) {
      const inner = requiredOf(s);
      for (const [child, childSchema] of Object.entries(s.properties)) {
        const c = isObject(childSchema) ? childSchema : {};
        if (isObject(c.properties)) deeper = true;
        push({ name: `${name}.${child}`, type: typeOf(c), required: inner.has(child), description: text(c.description) ?? text(c.title) ?? '', depth: 1 });
      }
    }
  }
  if (deeper) notes.push('Objects nested more than one level deep are shown as “object”; see the full definition for their fields.');
  if (cut > 0) notes.push(`${cut} more parameters are not shown here; see the full definition.`);
  return { rows, notes };
}

export interface AnnotationBadge {
  hint: 'readOnlyHint' | 'destructiveHint' | 'idempotentHint' | 'openWorldHint';
  label: string;
  /** What the server claims, in words (the badge's title). */
  claim: string;
  tone: 'ok' | 'bad' | 'info' | 'tag';
}

const HINTS: Array<{ hint: AnnotationBadge['hint']; yes: [string, string]; no: [string, string]; yesTone: AnnotationBadge['tone']; noTone: AnnotationBadge['tone'] }> = [
  { hint: 'readOnlyHint', yes: ['read-only', 'does not change anything'], no: ['writes', 'may change things'], yesTone: 'ok', noTone: 'tag' },
  { hint: 'destructiveHint', yes: ['destructive', 'may delete or overwrite'], no: ['not destructive', 'only adds, never deletes or overwrites'], yesTone: 'bad', noTone: 'tag' },
  { hint: 'idempotentHint', yes: ['idempotent', 'calling it twice with the same arguments does nothing more'], no: ['not idempotent', 'repeating a call may do more'], yesTone: 'tag', noTone: 'tag' },
  { hint: 'openWorldHint', yes: ['open world', 'reaches outside systems (the web, other services)'], no: ['closed world', 'works only within its own system'], yesTone: 'info', noTone: 'tag' },
];

/** The annotation hints the tool's server set (true or false), as badges; an absent hint has none. */
export function annotationBadges(definition: Json): AnnotationBadge[] {
  const annotations = isObject(definition.annotations) ? definition.annotations : {};
  const out: AnnotationBadge[] = [];
  for (const h of HINTS) {
    const value = annotations[h.hint];
    if (typeof value !== 'boolean') continue;
    const [label, claim] = value ? h.yes : h.no;
    out.push({ hint: h.hint, label, claim: `The server says: ${claim}.`, tone: value ? h.yesTone : h.noTone });
  }
  return out;
}

/** The definition's title (its own, or the annotations' title) and description, as text. */
export function textsOf(definition: Json): { title?: string; description?: string } {
  const annotations = isObject(definition.annotations) ? definition.annotations : {};
  const title = text(definition.title) ?? text(annotations.title);
  const description = text(definition.description);
  return { ...(title ? { title } : {}), ...(description ? { description } : {}) };
}

export interface PromptArgument {
  name: string;
  required: boolean;
  description: string;
}

export function promptArguments(definition: Json): PromptArgument[] {
  const args = Array.isArray(definition.arguments) ? definition.arguments : [];
  return args.filter(isObject).map((a) => ({ name: text(a.name) ?? '?', required: a.required === true, description: text(a.description) ?? '' }));
}

export interface HealthReadingLike {
  up: boolean;
  latencyMs: number | null;
}

/** Readings newest first: up or down now (the newest reading), the median latency of the up readings, and the share up. */
export function healthSummary(readings: HealthReadingLike[]): { up: boolean | null; medianLatencyMs: number | null; upShare: number | null } {
  if (!readings.length) return { up: null, medianLatencyMs: null, upShare: null };
  const latencies = readings
    .filter((r) => r.up && typeof r.latencyMs === 'number')
    .map((r) => r.latencyMs as number)
    .sort((a, b) => a - b);
  const median = latencies.length ? latencies[Math.floor((latencies.length - 1) / 2)]! : null;
  return { up: readings[0]!.up, medianLatencyMs: median, upShare: readings.filter((r) => r.up).length / readings.length };
}
