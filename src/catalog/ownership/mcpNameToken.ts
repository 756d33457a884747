/**
 * The `mcp-name: <server name>` ownership token that PyPI and NuGet READMEs carry.
 * The name must end at a boundary, so a README declaring `…/widget-pro` does not
 * prove `…/widget`: the end of the text, a character that cannot continue a
 * server name, or an HTML comment close (`<!-- mcp-name: NAME-->` is the
 * documented hidden form, and `-` would otherwise continue the name).
 */

const SERVER_NAME_CHAR = /[A-Za-z0-9._/-]/;

function isBoundary(rest: string): boolean {
  if (rest === '' || !SERVER_NAME_CHAR.test(rest[0]!)) return true;
  return rest.startsWith('-->') || rest.startsWith('--!>');
}

export function containsMcpNameToken(content: string, serverName: string): boolean {
  const token = `mcp-name: ${serverName}`;
  for (let from = 0; ;) {
    const at = content.indexOf(token, from);
    if (at < 0) return false;
    if (isBoundary(content.slice(at + token.length))) return true;
    from = at + 1;
  }
}

/**
 * When the token is visibly there but fails the boundary rule, the character glued
 * to it, so the publisher is told why instead of "must appear" while looking at it.
 */
export function mcpNameGluedTo(content: string, serverName: string): string | undefined {
  const token = `mcp-name: ${serverName}`;
  const at = content.indexOf(token);
  if (at < 0 || at + token.length >= content.length) return undefined;
  return content[at + token.length];
}

/** The README failure for a registry, with the glued-character explanation when it applies. */
export function readmeTokenFailure(label: string, identifier: string, serverName: string, content: string, missing: string): string {
  const glued = mcpNameGluedTo(content, serverName);
  if (glued !== undefined) {
    return `${label} package '${identifier}' ownership validation failed: found 'mcp-name: ${serverName}' in the README, but it is immediately followed by ${JSON.stringify(glued)} rather than a boundary. The token must be followed by a space, newline, an HTML tag, or a comment close ('-->') — put it on its own line and republish`;
  }
  return missing;
}
