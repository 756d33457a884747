/**
 * Rendered GET responses with their ETags, bounded by total size (least recently
 * used first out). A write invalidates exactly what it can have changed: every
 * listing, and the detail and version responses of the names it touched.
 *
 * A read that started before an invalidation must not store what it read (it may
 * be stale), so `set` takes the generation observed before the read began.
 */
import { createHash } from 'node:crypto';

export interface RenderedResponse {
  /** UTF-8, encoded once: sending a cached response costs no string conversion. */
  body: Buffer;
  etag: string;
}

interface Entry extends RenderedResponse {
  /** The server names the response shows, or null for a listing (which any write can change). */
  names: string[] | null;
  bytes: number;
}

export function strongEtag(body: string | Buffer): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private readonly byName = new Map<string, Set<string>>();
  private readonly listings = new Set<string>();
  private bytes = 0;
  private gen = 0;

  constructor(private readonly maxBytes: number) {}

  get generation(): number {
    return this.gen;
  }

  get(key: string): RenderedResponse | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key); // refresh recency
    this.entries.set(key, entry);
    return entry;
  }

  set(key: string, response: RenderedResponse, names: string[] | null, observedGeneration: number): void {
    if (observedGeneration !== this.gen) return;
    const bytes = response.body.length;
    if (bytes > this.maxBytes / 4) return;
    this.remove(key);
    this.entries.set(key, { ...response, names, bytes });
    this.bytes += bytes;
    if (names === null) this.listings.add(key);
    else for (const n of names) this.indexName(n).add(key);
    for (const oldest of this.entries.keys()) {
      if (this.bytes <= this.maxBytes) break;
      this.remove(oldest);
    }
  }

  /** Drops every listing and every response about `names`; no names means everything. */
  invalidate(names?: string[]): void {
    this.gen++;
    if (!names || names.length === 0) {
      this.entries.clear();
      this.byName.clear();
      this.listings.clear();
      this.bytes = 0;
      return;
    }
    for (const key of [...this.listings]) this.remove(key);
    for (const n of names) for (const key of [...(this.byName.get(n) ?? [])]) this.remove(key);
  }

  get size(): number {
    return this.entries.size;
  }

  private indexName(name: string): Set<string> {
    let keys = this.byName.get(name);
    if (!keys) this.byName.set(name, (keys = new Set()));
    return keys;
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
    if (entry.names === null) this.listings.delete(key);
    else
      for (const n of entry.names) {
        const keys = this.byName.get(n);
        keys?.delete(key);
        if (keys?.size === 0) this.byName.delete(n);
      }
  }
}
