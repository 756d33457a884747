/**
 * The DNS lookup every outbound connection uses: it resolves the name itself and
 * hands the socket only an address the policy permits, so the address checked is
 * the address connected to (DNS rebinding cannot swap in another between the two).
 */
import { lookup as dnsLookup } from 'node:dns';
import type { LookupFunction } from 'node:net';
import type { AddressPolicy } from './addressPolicy.js';

export function createGuardedLookup(policy: AddressPolicy): LookupFunction {
  return (hostname, lookupOptions, callback) => {
    dnsLookup(hostname, { ...lookupOptions, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as unknown as Array<{ address: string; family: number }>;
      const ok = list.find((a) => policy.permits(a.address));
      if (!ok) {
        const e = Object.assign(new Error(`${hostname} resolves only to blocked addresses`), { code: 'EBLOCKED' });
        return callback(e, '', 0);
      }
      if ((lookupOptions as { all?: boolean }).all) return (callback as any)(null, [ok]);
      callback(null, ok.address, ok.family);
    });
  };
}
