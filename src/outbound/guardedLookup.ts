/**
 * The DNS lookup every outbound connection uses: it resolves the name itself and
 * hands the socket only an address the policy permits, so the address checked is
 * the address connected to (DNS rebinding cannot swap in another between the two).
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import type { AddressPolicy } from './addressPolicy.js';

/** `policyFor`: another policy for some names (the internal remotes); `policy` for the rest. */
export function createGuardedLookup(policy: AddressPolicy, policyFor?: (hostname: string) => AddressPolicy | undefined): LookupFunction {
  return (hostname, lookupOptions, callback) => {
    const judge = policyFor?.(hostname) ?? policy;
    dnsLookup(hostname, { ...lookupOptions, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as unknown as Array<{ address: string; family: number }>;
      const ok = list.find((a) => judge.permits(a.address));
      if (!ok) {
        const e = Object.assign(new Error(`${hostname} resolves only to blocked addresses`), { code: 'EBLOCKED' });
        return callback(e, '', 0);
      }
      if ((lookupOptions as { all?: boolean }).all) return (callback as unknown as (err: null, addresses: LookupAddress[]) => void)(null, [ok]);
      callback(null, ok.address, ok.family);
    });
  };
}
