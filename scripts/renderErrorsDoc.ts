/**
 * docs/errors.md, rendered from the error catalogue (src/errorCodes.ts).
 * `npm run docs:errors` writes it; test/errorCatalogue.test.ts fails when the
 * page is not what the catalogue renders.
 */
import { writeFileSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import { pathToFileURL } from 'node:url';
import { ERROR_CODES, type ErrorCode } from '../src/errorCodes.js';

export const ERRORS_DOC = new URL('../docs/errors.md', import.meta.url);

const AREAS: Array<[prefix: string, title: string]> = [
  ['CATALOG_', 'Catalog'],
  ['FEDERATION_', 'Federation'],
  ['AUTH_', 'Authentication'],
  ['ACCESS_', 'Access'],
  ['GATEWAY_', 'Gateway'],
  ['ADMIN_', 'Admin pages'],
  ['HTTP_', 'HTTP'],
  ['', 'Store and server'],
];

const cell = (text: string) => text.replace(/\|/g, '\\|');

export function renderErrorsDoc(): string {
  const codes = Object.keys(ERROR_CODES) as ErrorCode[];
  const seen = new Set<ErrorCode>();
  const sections = AREAS.map(([prefix, title]) => {
    const mine = codes.filter((c) => !seen.has(c) && c.startsWith(prefix));
    for (const c of mine) seen.add(c);
    const rows = mine.map((c) => `| \`${c}\` | ${ERROR_CODES[c].status} ${STATUS_CODES[ERROR_CODES[c].status]} | ${cell(ERROR_CODES[c].meaning)} |`);
    return `## ${title}\n\n| code | status | meaning |\n|---|---|---|\n${rows.join('\n')}\n`;
  });
  return `<!-- Generated from src/errorCodes.ts by \`npm run docs:errors\`; do not edit by hand. -->
# Errors

Every error Toolshed answers over HTTP is an RFC 9457 problem
(\`application/problem+json\`) in the official registry's shape, with one
extension member, \`code\`:

\`\`\`json
{"title":"Not Found","status":404,"detail":"Server not found","code":"CATALOG_SERVER_NOT_FOUND"}
\`\`\`

- \`title\` is the HTTP status text, \`status\` the HTTP status, \`detail\` a sentence
  saying what to fix, and \`errors\` (when present) one \`{message, location?, value?}\`
  per problem field, as the official registry sends them.
- \`code\` is stable: branch on it, not on the wording of \`detail\`. Clients of the
  official registry ignore members they do not know (RFC 9457 §3.2), so the
  \`/v0\` and \`/v0.1\` API stays compatible with them.
- The only exception to the content type is the official registry's own: a NUL byte
  in the path or query is answered as \`application/json\`, with the same members.
- What caused an error (an upstream's answer, a parse failure) is kept in the
  server log, never in the response; a 500 says only \`Internal server error\`.
- The gateway's MCP endpoints (\`/mcp/…\`) answer protocol failures as JSON-RPC
  errors, which MCP clients read; their only problems are \`GATEWAY_ORIGIN_REFUSED\`
  and \`GATEWAY_UNRELAYABLE_ANSWER\`.

The list is \`ERROR_CODES\` in \`src/errorCodes.ts\`: each error class of
\`src/errors.ts\` takes only the codes of its own status, so a misspelt code does
not compile.

${sections.join('\n')}
## Errors that are not in the catalogue

These \`Error\` classes never reach a client as themselves; each is turned into one
of the codes above, or into a result, where it is caught:

| class | where | why it stays outside |
|---|---|---|
| \`ConfigError\` | \`src/config.ts\` | start-up only: the process prints it and exits before serving |
| \`SignInConfigError\` | \`src/access/signIn/createSignIn.ts\` | start-up only: becomes a \`ConfigError\` |
| \`CommandError\`, \`PublisherError\` | \`src/cli/\` | the CLI's exit status and message, not HTTP |
| \`OutboundError\` | \`src/outbound/createOutbound.ts\` | the outbound guard's refusal; callers turn it into \`FEDERATION_BAD_BASE_URL\`, \`AUTH_IDP_UNAVAILABLE\` or a check result |
| \`UpstreamError\` | \`src/federation/fetchUpstreamPage.ts\` | a federation page that is not a registry answer; becomes \`FEDERATION_SYNC_FAILED\` |
| \`UpstreamFailure\` | \`src/gateway/relayIo.ts\` | the relay's own 502/504 for MCP clients, sent as a JSON-RPC error |
| \`SseEventTooLarge\` | \`src/gateway/sseEvents.ts\` | ends a relayed event stream; never an HTTP answer |
| \`AccessRulesError\` | \`src/access/accessRules.ts\` | the list of rule problems; becomes \`ACCESS_RULES_INVALID\` |
| \`KeySetError\`, \`GitHubError\`, \`Refusal\` | \`src/access/publisherAuth/\`, \`src/catalog/ownership/\` | an expected failure of a check, reported as its result (\`AUTH_EXCHANGE_FAILED\`, \`CATALOG_PUBLISH_FAILED\`) or, for sign-in, as \`AUTH_IDP_UNAVAILABLE\` |
`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(ERRORS_DOC, renderErrorsDoc());
  console.log(`wrote ${ERRORS_DOC.pathname}`);
}
