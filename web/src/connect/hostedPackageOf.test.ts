/** The package the server page marks as hosted (web/src/connect/hostedPackageOf.ts): the one the gateway runs. */
import { describe, expect, it } from 'vitest';
import type { ServerJson } from '../api/catalogTypes.js';
import { hostedPackageOf } from './hostedPackageOf.js';

const base = { name: 'io.github.acme/thing', description: 'd', version: '1.0.0' } as ServerJson;
const pkg = (registryType: string, transport = 'stdio') => ({ registryType, identifier: `acme-${registryType}-${transport}`, version: '1.0.0', transport: { type: transport } });

describe('hostedPackageOf', () => {
  it('picks the first stdio package of a hostable type, skipping nuget, cargo and non-stdio ones', () => {
    const server = { ...base, packages: [pkg('nuget'), pkg('npm', 'streamable-http'), pkg('pypi'), pkg('npm')] } as ServerJson;
    expect(hostedPackageOf(server)?.identifier).toBe('acme-pypi-stdio');
  });

  it('finds none when no package can be hosted', () => {
    expect(hostedPackageOf(base)).toBeUndefined();
    expect(hostedPackageOf({ ...base, packages: [pkg('nuget'), pkg('cargo'), pkg('oci', 'sse')] } as ServerJson)).toBeUndefined();
  });
});
