/**
 * SHA-256 of a text, as lowercase hex: how Toolshed stores and looks up every
 * secret it hands out (tokens, session ids, capability URLs). One-shot
 * `crypto.hash` (Node >= 20.12): the gateway hashes a bearer token on every
 * call, and it costs less than building a Hash object.
 */
import { hash } from 'node:crypto';

export function sha256Hex(value: string): string {
  return hash('sha256', value, 'hex');
}
