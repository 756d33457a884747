/**
 * Toolshed's own rule, beyond upstream's: every header a remote or a package
 * transport declares is named by an RFC 9110 token. Clients are configured with
 * these names (generated commands, config files), so anything else is refused,
 * at publish, at edit, on import and when mirroring (it is one of the safetyIssues).
 */
import { goQuote } from './goQuote.js';
import type { ValidationIssue } from './validationIssue.js';

type JsonObject = Record<string, unknown>;

// RFC 9110 §5.1: a field name is a token.
const HEADER_NAME_RE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const asObject = (v: unknown): JsonObject | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as JsonObject) : undefined);
const items = (o: JsonObject | undefined, key: string): unknown[] => (o && Object.hasOwn(o, key) && Array.isArray(o[key]) ? (o[key] as unknown[]) : []);

export function headerNameIssues(doc: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const check = (path: string, transport: JsonObject | undefined) =>
    items(transport, 'headers').forEach((header, j) => {
      const name = asObject(header)?.name;
      if (typeof name === 'string' && !HEADER_NAME_RE.test(name)) {
        issues.push({
          type: 'semantic',
          path: `${path}.headers[${j}].name`,
          message: `invalid header name ${goQuote(name)}: a header name is an RFC 9110 token (letters, digits and !#$%&'*+-.^_\`|~)`,
          severity: 'error',
          reference: 'invalid-header-name',
        });
      }
    });
  const server = asObject(doc);
  items(server, 'packages').forEach((pkg, i) => check(`packages[${i}].transport`, asObject(asObject(pkg)?.transport)));
  items(server, 'remotes').forEach((remote, i) => check(`remotes[${i}]`, asObject(remote)));
  return issues;
}
