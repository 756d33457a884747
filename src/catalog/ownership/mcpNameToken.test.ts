/**
 * The `mcp-name:` token boundary rules shared by PyPI and NuGet: a full name at the
 * end of the text or before a non-name character or a comment close matches; a
 * prefix of a longer name does not; a glued token is explained.
 */
import { describe, expect, it } from 'vitest';
import { containsMcpNameToken, mcpNameGluedTo, readmeTokenFailure } from './mcpNameToken.js';

const NAME = 'io.github.acme/widget';

describe('mcp-name token', () => {
  it.each([
    [`mcp-name: ${NAME}`, 'at the end of the text'],
    [`# Widget\n\nmcp-name: ${NAME}\n\nMore text`, 'on its own line'],
    [`<!-- mcp-name: ${NAME} -->`, 'in a comment with a space'],
    [`<!-- mcp-name: ${NAME}-->`, 'in a comment without a space'],
    [`<!-- mcp-name: ${NAME}--!>`, 'before the --!> comment close'],
    [`<p>mcp-name: ${NAME}</p>`, 'before an HTML tag'],
    [`mcp-name: ${NAME}, and more`, 'before a comma'],
    [`mcp-name: ${NAME}-pro and later mcp-name: ${NAME}\n`, 'in a later occurrence after a prefix match'],
  ])('accepts the name %j (%s)', (text) => expect(containsMcpNameToken(text, NAME)).toBe(true));

  it.each([
    [`mcp-name: ${NAME}-pro`, 'a longer name with a dash'],
    [`mcp-name: ${NAME}2`, 'a longer name with a digit'],
    [`mcp-name: ${NAME}/sub`, 'a longer name with a slash'],
    [`mcp-name: ${NAME}.`, 'a trailing period'],
    [`mcp-name: ${NAME}_x`, 'an underscore'],
    [`mcp-name:${NAME}`, 'no space after the colon'],
    [`MCP-NAME: ${NAME}`, 'another case'],
    ['no token at all', 'nothing'],
  ])('refuses %j (%s)', (text) => expect(containsMcpNameToken(text, NAME)).toBe(false));

  it('names the character glued to a visible token, and nothing when the token is absent', () => {
    expect(mcpNameGluedTo(`see mcp-name: ${NAME}.`, NAME)).toBe('.');
    expect(mcpNameGluedTo('nothing here', NAME)).toBeUndefined();
    expect(readmeTokenFailure('PyPI', 'widget', NAME, `mcp-name: ${NAME}.`, 'missing')).toBe(
      `PyPI package 'widget' ownership validation failed: found 'mcp-name: ${NAME}' in the README, but it is immediately followed by "." rather than a boundary. The token must be followed by a space, newline, an HTML tag, or a comment close ('-->') — put it on its own line and republish`,
    );
    expect(readmeTokenFailure('PyPI', 'widget', NAME, 'no token', 'missing')).toBe('missing');
  });
});
