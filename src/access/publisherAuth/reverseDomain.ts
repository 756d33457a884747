/** `api.example.com` → `com.example.api`: the namespace a domain proof grants. */
export function reverseDomain(domain: string): string {
  return domain.toLowerCase().split('.').reverse().join('.');
}

const LABELS = /^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)*$/;

/** The official IsValidDomain: a dotted DNS name, not an IP literal, at most 253 characters. */
export function isValidDomain(domain: string): boolean {
  if (domain.length < 1 || domain.length > 253 || !domain.includes('.')) return false;
  if (/^\d+(\.\d+){3}$/.test(domain) || domain.includes(':')) return false;
  return LABELS.test(domain);
}
