/**
 * 2026-07-28 header/body agreement (SEP-2243): what an intermediary must refuse
 * before deciding on the body, including the =?base64?…?= value encoding.
 */
import { describe, expect, it } from 'vitest';
import { decodeHeaderValue, isModernVersion, modernHeaderProblem } from './modernHeaders.js';

const meta = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {} };
const call = (name: string) => ({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: {}, _meta: meta } });
const headers = (h: Record<string, string | string[]>) => ({ 'mcp-protocol-version': '2026-07-28', ...h });

describe('modern request headers', () => {
  it('knows the eras', () => {
    expect(isModernVersion('2026-07-28')).toBe(true);
    expect(isModernVersion('2027-01-01')).toBe(true);
    expect(isModernVersion('2025-11-25')).toBe(false);
    expect(isModernVersion(undefined)).toBe(false);
    expect(isModernVersion('DRAFT-2026')).toBe(false);
  });

  it('accepts agreeing headers, also base64-encoded ones', () => {
    expect(modernHeaderProblem(headers({ 'mcp-method': 'tools/call', 'mcp-name': 'echo' }), call('echo'))).toBeNull();
    const encoded = `=?base64?${Buffer.from('héllo').toString('base64')}?=`;
    expect(modernHeaderProblem(headers({ 'mcp-method': 'tools/call', 'mcp-name': encoded }), call('héllo'))).toBeNull();
    expect(modernHeaderProblem(headers({ 'mcp-method': 'tools/list' }), { jsonrpc: '2.0', id: 2, method: 'tools/list', params: { _meta: meta } })).toBeNull();
  });

  it('refuses missing, disagreeing, repeated and malformed headers', () => {
    expect(modernHeaderProblem(headers({ 'mcp-method': 'tools/call', 'mcp-name': 'echo' }), call('secret'))).toMatch(/Mcp-Name/);
    expect(modernHeaderProblem(headers({ 'mcp-method': 'tools/list', 'mcp-name': 'echo' }), call('echo'))).toMatch(/Mcp-Method/);
    expect(modernHeaderProblem(headers({ 'mcp-method': 'tools/call' }), call('echo'))).toMatch(/Mcp-Name header is required/);
    expect(modernHeaderProblem(headers({ 'mcp-name': 'echo' }), call('echo'))).toMatch(/Mcp-Method header is required/);
    expect(modernHeaderProblem(headers({ 'mcp-method': 'tools/call', 'mcp-name': ['echo', 'secret'] }), call('echo'))).toMatch(/only once/);
    expect(modernHeaderProblem(headers({ 'mcp-method': 'tools/call', 'mcp-name': '=?base64?***?=' }), call('echo'))).toMatch(/malformed/);
    expect(modernHeaderProblem({ 'mcp-method': 'tools/call', 'mcp-name': 'echo' }, call('echo'))).toMatch(/MCP-Protocol-Version header is required/);
    expect(modernHeaderProblem({ 'mcp-protocol-version': '2027-01-01', 'mcp-method': 'tools/call', 'mcp-name': 'echo' }, call('echo'))).toMatch(/does not match _meta/);
    expect(modernHeaderProblem(headers({}), [call('echo')])).toMatch(/batches/);
  });

  it('decodes only canonical base64 of valid UTF-8', () => {
    expect(decodeHeaderValue('plain')).toBe('plain');
    expect(decodeHeaderValue('=?base64?aMOpbGxv?=')).toBe('héllo');
    expect(decodeHeaderValue('=?base64?aMOpbGxv')).toBeUndefined();
    expect(decodeHeaderValue(`=?base64?${Buffer.from([0xff, 0xfe]).toString('base64')}?=`)).toBeUndefined();
  });
});
