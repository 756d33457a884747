/** The catalog page's address-bar state and the list API query it sends (web/src/catalog/catalogQuery.ts). */
import { describe, expect, it } from 'vitest';
import { EMPTY_FILTERS, filtersFromParams, listQuery, orderOf, paramsFromFilters, splitList, toggle } from './catalogQuery.js';

describe('catalog query', () => {
  it('round-trips filters through the address bar', () => {
    const filters = {
      q: 'git hub',
      packageTypes: ['npm', 'oci'],
      transports: ['sse'],
      statuses: ['deprecated' as const],
      sources: ['local', 'official'],
      trusts: ['Reviewed'],
      tags: ['finance', 'eu'],
      sort: 'updated' as const,
    };
    const params = paramsFromFilters(filters);
    expect(params.toString()).toBe('q=git+hub&type=npm%2Coci&transport=sse&status=deprecated&source=local%2Cofficial&trust=Reviewed&tag=finance%2Ceu&sort=updated');
    expect(filtersFromParams(params)).toEqual(filters);
  });

  it('leaves defaults out of the address bar and ignores unknown values', () => {
    expect(paramsFromFilters(EMPTY_FILTERS).toString()).toBe('');
    const read = filtersFromParams(new URLSearchParams('transport=stdio,sse&status=gone,active&type=npm,,npm&source=Official&sort=random'));
    expect(read).toEqual({ q: '', packageTypes: ['npm'], transports: ['sse'], statuses: ['active'], sources: ['official'], trusts: [], tags: [], sort: 'name' });
  });

  it('asks for latest versions with the Toolshed filter extensions and the cursor, and for the total on the first page', () => {
    const q = new URLSearchParams(
      listQuery(
        { q: '  weather ', packageTypes: ['pypi'], transports: ['streamable-http'], statuses: ['active', 'deleted'], sources: ['local'], trusts: ['reviewed'], tags: ['a', 'b'], sort: 'updated' },
        'a/b:1.0.0',
        20,
      ),
    );
    expect(Object.fromEntries(q)).toEqual({
      version: 'latest',
      limit: '20',
      q: 'weather',
      registry_type: 'pypi',
      remote_transport: 'streamable-http',
      status: 'active,deleted',
      source: 'local',
      trust: 'reviewed',
      tag: 'a,b',
      cursor: 'a/b:1.0.0',
      // no sort: a search is ordered by relevance
    });
    expect(listQuery(EMPTY_FILTERS)).toBe('version=latest&limit=50&include_total=true');
    expect(listQuery({ ...EMPTY_FILTERS, sort: 'updated' })).toBe('version=latest&limit=50&sort=updated&include_total=true');
    expect(listQuery({ ...EMPTY_FILTERS, q: '   ' })).toBe('version=latest&limit=50&include_total=true');
    expect(listQuery(EMPTY_FILTERS, 'a/b:1.0.0')).toBe('version=latest&limit=50&cursor=a%2Fb%3A1.0.0');
  });

  it('orders by relevance while searching, by the chosen sort otherwise', () => {
    expect(orderOf({ ...EMPTY_FILTERS, q: 'x', sort: 'updated' })).toBe('relevance');
    expect(orderOf({ ...EMPTY_FILTERS, q: ' ' })).toBe('name');
    expect(orderOf({ ...EMPTY_FILTERS, sort: 'updated' })).toBe('updated');
  });

  it('reads a comma-separated box', () => {
    expect(splitList(' a, b,,a ,c ')).toEqual(['a', 'b', 'c']);
    expect(splitList('  ')).toEqual([]);
  });

  it('toggles a value in and out of a list', () => {
    expect(toggle(['a'], 'b')).toEqual(['a', 'b']);
    expect(toggle(['a', 'b'], 'a')).toEqual(['b']);
  });
});
