/**
 * Walks every page of `GET /v0.1/servers?limit=100` by following `nextCursor`,
 * keeping each page's URL, body and ETag: the cursor set for the uncached walk and
 * the bytes the baseline server replays.
 */
export interface Page {
  body: string;
  etag: string;
}

export type Getter = (url: string) => Promise<{ status: number; body: string; etag: string }>;

export const FIRST_PAGE = '/v0.1/servers?limit=100';
const MAX_PAGES = 10_000;

export async function walkListPages(get: Getter): Promise<Map<string, Page>> {
  const pages = new Map<string, Page>();
  let url: string | undefined = FIRST_PAGE;
  while (url !== undefined && pages.size < MAX_PAGES) {
    const res = await get(url);
    if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${res.body.slice(0, 200)}`);
    pages.set(url, { body: res.body, etag: res.etag });
    const cursor = (JSON.parse(res.body) as { metadata: { nextCursor?: string } }).metadata.nextCursor;
    url = cursor === undefined ? undefined : `${FIRST_PAGE}&cursor=${encodeURIComponent(cursor)}`;
  }
  return pages;
}

export function fetchGetter(address: string, headers: Record<string, string> = {}): Getter {
  return async (url) => {
    const res = await fetch(`${address}${url}`, { headers });
    return { status: res.status, body: await res.text(), etag: res.headers.get('etag') ?? '' };
  };
}
