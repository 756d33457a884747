/**
 * Reads the server.json a command sends, refusing locally what upstream's CLI
 * refuses before any request: unreadable files, invalid UTF-8, broken JSON and
 * unpaired UTF-16 surrogate escapes (which JSON.parse would accept).
 */
import { readFileSync } from 'node:fs';
import { usageError } from './publisherError.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const wellFormed = (s: string) => !LONE_SURROGATE.test(s);

function firstIllFormedString(value: unknown, path: string, depth = 0): string | undefined {
  if (depth > 1000) return undefined;
  if (typeof value === 'string') return wellFormed(value) ? undefined : path || '(document)';
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = firstIllFormedString(value[i], `${path}[${i}]`, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (!wellFormed(key)) return `${path}.${JSON.stringify(key)}`;
      const found = firstIllFormedString(item, path ? `${path}.${key}` : key, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

export function readServerJson(file: string): unknown {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw usageError(code === 'ENOENT' ? `${file} not found (run \`toolshed init\` to create one)` : `cannot read ${file}: ${(err as Error).message}`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw usageError(`${file} is not valid UTF-8`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw usageError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
  const bad = firstIllFormedString(doc, '');
  if (bad) throw usageError(`${file} has an unpaired UTF-16 surrogate escape at ${bad}`);
  return doc;
}
