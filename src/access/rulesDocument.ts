/**
 * The rules file: a YAML (or JSON) document with a top-level `rules:` list of
 * access rules, as kept in git, applied with `toolshed access rules apply`, sent
 * to `PUT /api/admin/access/rules` and read at start-up (`accessRulesFile`).
 */
import { parseDocument, stringify } from 'yaml';
import { InputError } from '../errors.js';
import type { AccessRule } from './accessRules.js';

/** A YAML or JSON text as a value (JSON is YAML, so one parser reads both); InputError when unreadable. */
export function readYaml(text: string, what: string): unknown {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length) {
    throw new InputError('ACCESS_RULES_UNREADABLE', `${what} is not valid YAML or JSON: ${doc.errors[0]!.message.split('\n')[0]}`);
  }
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw new InputError('ACCESS_RULES_UNREADABLE', `${what} cannot be read: ${(err as Error).message.split('\n')[0]}`);
  }
}

/** The `rules` list of a parsed document (not yet validated); InputError when it is not such a document. */
export function rulesListOf(value: unknown, what: string): unknown[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || !Array.isArray((value as { rules?: unknown }).rules)) {
    throw new InputError('ACCESS_RULES_UNREADABLE', `${what} must be a mapping with a top-level "rules:" list`);
  }
  const extra = Object.keys(value).filter((k) => k !== 'rules');
  if (extra.length) {
    throw new InputError('ACCESS_RULES_UNREADABLE', `${what} has unknown top-level keys (${extra.join(', ')}); only "rules" is allowed`);
  }
  return (value as { rules: unknown[] }).rules;
}

export function parseRulesDocument(text: string, what = 'the rules document'): unknown[] {
  return rulesListOf(readYaml(text, what), what);
}

export function renderRulesDocument(rules: readonly AccessRule[], format: 'yaml' | 'json'): string {
  return format === 'json' ? `${JSON.stringify({ rules }, null, 2)}\n` : stringify({ rules });
}
