/**
 * Go's net/url.Parse, reduced to what the validators look at. Upstream decides
 * "is this a URI", "is it absolute", "which scheme/host" with Go's parser, which is
 * far more lenient than WHATWG `new URL()` (it accepts spaces in paths, relative
 * references, opaque URIs) and rejects other things (`{` in a host, bad `%`
 * escapes). Using `new URL()` would accept and reject different documents than the
 * official registry.
 */
import { isIPv6 } from 'node:net';
import { goQuote } from './goQuote.js';

export interface GoUrl {
  /** Lower-cased, as Go stores it. Empty for relative references. */
  scheme: string;
  opaque: string;
  host: string;
  /** Go's URL.Hostname(): the host without port and IPv6 brackets. */
  hostname: string;
  path: string;
  rawQuery: string;
  fragment: string;
}

export type GoUrlResult = { ok: true; url: GoUrl } | { ok: false; error: string };

type Mode = 'path' | 'host' | 'zone' | 'userPassword' | 'fragment';

/** A parse failure's reason, worded as Go words it; undefined means success. */
type Failure = string | undefined;

function isHex(c: string | undefined): boolean {
  return c !== undefined && /^[0-9a-fA-F]$/.test(c);
}

function isAlnum(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

// Go's shouldEscape, only for the host/zone modes: the other modes never reject a byte.
function hostByteNeedsEscape(code: number): boolean {
  if (isAlnum(code)) return false;
  return !'!$&\'()*+,;=:[]<>"-_.~'.includes(String.fromCharCode(code));
}

function checkEscapes(s: string, mode: Mode): Failure {
  for (let i = 0; i < s.length;) {
    if (s[i] === '%') {
      if (i + 2 >= s.length || !isHex(s[i + 1]) || !isHex(s[i + 2])) {
        return `invalid URL escape ${goQuote(s.slice(i, i + 3))}`;
      }
      const triple = s.slice(i, i + 3);
      // In a host, %-encoding may only stand for non-ASCII bytes (RFC 3986), except %25 (RFC 6874 zones).
      if (mode === 'host' && parseInt(triple.slice(1, 2), 16) < 8 && triple !== '%25') {
        return `invalid URL escape ${goQuote(triple)}`;
      }
      if (mode === 'zone') {
        const v = parseInt(triple.slice(1), 16);
        if (triple !== '%25' && v !== 0x20 && hostByteNeedsEscape(v)) return `invalid URL escape ${goQuote(triple)}`;
      }
      i += 3;
      continue;
    }
    const code = s.charCodeAt(i);
    if ((mode === 'host' || mode === 'zone') && code < 0x80 && hostByteNeedsEscape(code)) {
      return `invalid character ${goQuote(s[i] ?? '')} in host name`;
    }
    i++;
  }
  return undefined;
}

function validOptionalPort(port: string): boolean {
  if (port === '') return true;
  if (port[0] !== ':') return false;
  return /^[0-9]*$/.test(port.slice(1));
}

function checkHost(host: string): Failure {
  if (host.startsWith('[')) {
    const i = host.lastIndexOf(']');
    if (i < 0) return "missing ']' in host";
    const colonPort = host.slice(i + 1);
    if (!validOptionalPort(colonPort)) return `invalid port ${goQuote(colonPort)} after host`;
    const zone = host.slice(0, i).indexOf('%25');
    // Go (since 1.24.8/1.25.2) only allows an IPv6 address inside brackets.
    if (!isIPv6(host.slice(1, zone >= 0 ? zone : i))) return 'invalid IP-literal';
    if (zone >= 0) {
      return checkEscapes(host.slice(0, zone), 'host') ?? checkEscapes(host.slice(zone, i), 'zone') ?? checkEscapes(host.slice(i), 'host');
    }
  } else {
    const i = host.lastIndexOf(':');
    if (i !== -1 && !validOptionalPort(host.slice(i))) return `invalid port ${goQuote(host.slice(i))} after host`;
  }
  return checkEscapes(host, 'host');
}

const USERINFO_PUNCTUATION = "-._:~!$&'()*+,;=%@";

function checkUserinfo(userinfo: string): Failure {
  for (const ch of userinfo) {
    if (!isAlnum(ch.charCodeAt(0)) && !USERINFO_PUNCTUATION.includes(ch)) return 'net/url: invalid userinfo';
  }
  return checkEscapes(userinfo, 'userPassword');
}

type SchemeSplit = { scheme: string; rest: string } | { failure: string };

function getScheme(raw: string): SchemeSplit {
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if ((code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a)) continue;
    if ((code >= 0x30 && code <= 0x39) || code === 0x2b || code === 0x2d || code === 0x2e) {
      if (i === 0) return { scheme: '', rest: raw };
      continue;
    }
    if (code === 0x3a) {
      if (i === 0) return { failure: 'missing protocol scheme' };
      return { scheme: raw.slice(0, i), rest: raw.slice(i + 1) };
    }
    return { scheme: '', rest: raw };
  }
  return { scheme: '', rest: raw };
}

function hostnameOf(host: string): string {
  let h = host;
  const colon = h.lastIndexOf(':');
  if (colon !== -1 && validOptionalPort(h.slice(colon))) h = h.slice(0, colon);
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  return h;
}

function parse(raw: string): GoUrl | { failure: string } {
  if (/[\x00-\x1f\x7f]/.test(raw)) return { failure: 'net/url: invalid control character in URL' };
  const url: GoUrl = { scheme: '', opaque: '', host: '', hostname: '', path: '', rawQuery: '', fragment: '' };
  if (raw === '*') {
    url.path = '*';
    return url;
  }
  const split = getScheme(raw);
  if ('failure' in split) return split;
  url.scheme = split.scheme.toLowerCase();
  let rest = split.rest;
  const q = rest.indexOf('?');
  if (rest.endsWith('?') && q === rest.length - 1) {
    rest = rest.slice(0, -1);
  } else if (q >= 0) {
    url.rawQuery = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  if (!rest.startsWith('/')) {
    if (url.scheme !== '') {
      url.opaque = rest;
      return url;
    }
    const slash = rest.indexOf('/');
    // Go refuses this to avoid confusion with malformed schemes like cache_object:foo/bar.
    if ((slash < 0 ? rest : rest.slice(0, slash)).includes(':')) {
      return { failure: 'first path segment in URL cannot contain colon' };
    }
  }
  if ((url.scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    rest = '';
    const slash = authority.indexOf('/');
    if (slash >= 0) {
      rest = authority.slice(slash);
      authority = authority.slice(0, slash);
    }
    const at = authority.lastIndexOf('@');
    const host = at < 0 ? authority : authority.slice(at + 1);
    const failure = checkHost(host) ?? (at < 0 ? undefined : checkUserinfo(authority.slice(0, at)));
    if (failure !== undefined) return { failure };
    url.host = host;
    url.hostname = hostnameOf(host);
  }
  const failure = checkEscapes(rest, 'path');
  if (failure !== undefined) return { failure };
  url.path = rest;
  return url;
}

export function parseGoUrl(raw: string): GoUrlResult {
  const hash = raw.indexOf('#');
  const beforeFragment = hash < 0 ? raw : raw.slice(0, hash);
  const fragment = hash < 0 ? '' : raw.slice(hash + 1);
  const url = parse(beforeFragment);
  if ('failure' in url) return { ok: false, error: `parse ${goQuote(beforeFragment)}: ${url.failure}` };
  if (fragment !== '') {
    const failure = checkEscapes(fragment, 'fragment');
    if (failure !== undefined) return { ok: false, error: `parse ${goQuote(raw)}: ${failure}` };
    url.fragment = fragment;
  }
  return { ok: true, url };
}
