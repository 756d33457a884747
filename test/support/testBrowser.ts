/**
 * A browser, as far as sign-in needs one: a cookie jar per origin, redirects
 * followed by hand. Requests to Toolshed's public URL go to the app (inject);
 * anything else (the OpenID provider on loopback) over real HTTP.
 */
import type { FastifyInstance } from 'fastify';

export interface BrowserResponse {
  url: URL;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  setCookies: string[];
  body: string;
}

export class TestBrowser {
  readonly jars = new Map<string, Map<string, string>>();
  constructor(
    private readonly app: FastifyInstance,
    private readonly publicUrl: string,
  ) {}

  jar(origin: string): Map<string, string> {
    let jar = this.jars.get(origin);
    if (!jar) this.jars.set(origin, (jar = new Map()));
    return jar;
  }

  /** Toolshed's cookies. */
  get cookies(): Map<string, string> {
    return this.jar(new URL(this.publicUrl).origin);
  }

  private remember(origin: string, setCookies: string[]): void {
    const jar = this.jar(origin);
    for (const line of setCookies) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '';
      if (expired) jar.delete(name);
      else jar.set(name, value);
    }
  }

  async request(url: string | URL, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<BrowserResponse> {
    const target = new URL(url, this.publicUrl);
    const jar = this.jar(target.origin);
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const headers = { ...(cookie ? { cookie } : {}), ...init.headers };
    if (target.origin === new URL(this.publicUrl).origin) {
      const res = await this.app.inject({
        method: (init.method ?? 'GET') as 'GET',
        url: target.pathname + target.search,
        headers,
        ...(init.body !== undefined ? { payload: init.body } : {}),
      });
      const raw = res.headers['set-cookie'];
      const setCookies = raw === undefined ? [] : Array.isArray(raw) ? raw : [String(raw)];
      this.remember(target.origin, setCookies);
      return { url: target, status: res.statusCode, headers: res.headers as BrowserResponse['headers'], setCookies, body: res.body };
    }
    const res = await fetch(target, { method: init.method ?? 'GET', headers, redirect: 'manual', ...(init.body !== undefined ? { body: init.body } : {}) });
    const setCookies = res.headers.getSetCookie();
    this.remember(target.origin, setCookies);
    const out: BrowserResponse['headers'] = {};
    res.headers.forEach((v, k) => (out[k] = v));
    return { url: target, status: res.status, headers: out, setCookies, body: await res.text() };
  }

  /** Follows redirects from `url` until `stop` says so (or a non-redirect); returns that response. */
  async follow(url: string | URL, stop: (res: BrowserResponse) => boolean, max = 20): Promise<BrowserResponse> {
    let next = new URL(url, this.publicUrl);
    for (let i = 0; i < max; i++) {
      const res = await this.request(next);
      if (stop(res) || res.status < 300 || res.status >= 400) return res;
      next = new URL(String(res.headers.location), next);
    }
    throw new Error(`more than ${max} redirects from ${String(url)}`);
  }
}
