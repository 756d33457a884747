/**
 * The web UI's figures, measured in Debian's Chromium (playwright-core) against a
 * Toolshed child serving the UI built from the current source, on SQLite loaded with
 * the derived 10,000-server catalog:
 * - `initialJs`: every script the catalog page loads until its first results are on
 *   screen, with its size raw and gzipped (zlib level 9 — what a compressing proxy
 *   or CDN in front of Toolshed sends);
 * - `keystroke`: for every keystroke of the search set typed into the search box, the
 *   time from the keydown to the results for the text so far being painted (the list
 *   no longer busy, polled on animation frames), with the response cache off.
 * Skipped with the reason when Chromium is not installed.
 */
import { rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { createCatalog } from '../src/catalog/index.js';
import { openStore } from '../src/store/index.js';
import { buildWebUi, CHROMIUM, launchChromium } from '../test/support/browser.js';
import type { Doc } from './catalogFixture.js';
import { startChild, toolshedEnv } from './childProcess.js';
import { importDerivedCatalog } from './importFigures.js';
import { percentile } from './percentile.js';
import { progress } from './progress.js';
import { scratchDatabase } from './scratchDatabases.js';
import type { SearchQuery } from './searchQueries.js';

export interface WebUiFigures {
  browser: string;
  servers: number;
  initialJs: { scripts: Array<{ path: string; bytes: number; gzipBytes: number }>; bytes: number; gzipKb: number };
  keystroke: { queries: number; keystrokes: number; p50Ms: number; p90Ms: number; p99Ms: number; maxMs: number };
}

export async function webUiFigures(catalog: Doc[][], queries: SearchQuery[]): Promise<WebUiFigures | { skipped: string }> {
  if (!CHROMIUM) return { skipped: 'Chromium is not installed (apt-get install -y chromium)' };
  progress('web UI: building it');
  const webDir = await buildWebUi();
  const db = await scratchDatabase('sqlite', 'webui');
  try {
    progress(`web UI: importing ${catalog.length} servers into SQLite`);
    const store = await openStore({ databaseUrl: undefined, dataDir: db.dataDir });
    try {
      await importDerivedCatalog(createCatalog({ store, cacheBytes: 0 }), catalog, 1);
    } finally {
      await store.close();
    }
    const child = await startChild(
      './serve-child.ts',
      [],
      toolshedEnv({ TOOLSHED_DATA_DIR: db.dataDir, TOOLSHED_RESPONSE_CACHE_MB: '0', TOOLSHED_ADMIN_TOKEN: 'bench-admin-token-0123456789abcdef', BENCH_WEB_UI_DIR: webDir }),
    );
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const scripts = new Set<string>();
      page.on('request', (request) => {
        if (request.resourceType() === 'script') scripts.add(new URL(request.url()).pathname);
      });
      await page.goto(`${child.address}/`);
      await page.locator('.server-row').first().waitFor();
      const sized = await Promise.all(
        [...scripts].map(async (path) => {
          const body = Buffer.from(await (await fetch(`${child.address}${path}`)).arrayBuffer());
          return { path, bytes: body.length, gzipBytes: gzipSync(body, { level: 9 }).length };
        }),
      );
      const initialJs = {
        scripts: sized,
        bytes: sized.reduce((n, s) => n + s.bytes, 0),
        gzipKb: Math.round((sized.reduce((n, s) => n + s.gzipBytes, 0) / 1024) * 10) / 10,
      };

      progress(`web UI: typing ${queries.length} searches`);
      await page.evaluate(() => {
        const w = window as unknown as { lastKeyAt: number };
        document.addEventListener('keydown', () => (w.lastKeyAt = performance.now()), { capture: true });
      });
      const box = page.getByLabel('Search servers');
      const samples: number[] = [];
      for (const { q } of queries) {
        await box.fill('');
        await page.waitForFunction(() => document.querySelector('.results')?.getAttribute('aria-busy') === 'false' && !new URL(location.href).searchParams.has('q'));
        await box.focus();
        for (let i = 1; i <= q.length; i++) {
          await page.keyboard.press(q[i - 1] === ' ' ? 'Space' : q[i - 1]!);
          const typed = q.slice(0, i).trim();
          const handle = await page.waitForFunction(
            (text) => {
              const results = document.querySelector('.results');
              const heading = document.getElementById('results-heading')?.textContent ?? '';
              const shown = document.querySelector('.server-row') !== null || document.querySelector('.state-empty') !== null;
              if (results?.getAttribute('aria-busy') !== 'false' || !heading.includes(`“${text}”`) || !shown) return false;
              return performance.now() - (window as unknown as { lastKeyAt: number }).lastKeyAt;
            },
            typed,
            { polling: 'raf' },
          );
          samples.push(Number(await handle.jsonValue()));
        }
      }
      return {
        browser: `Chromium ${browser.version()}`,
        servers: catalog.length,
        initialJs,
        keystroke: {
          queries: queries.length,
          keystrokes: samples.length,
          p50Ms: percentile(samples, 50),
          p90Ms: percentile(samples, 90),
          p99Ms: percentile(samples, 99),
          maxMs: Math.round(Math.max(...samples) * 100) / 100,
        },
      };
    } finally {
      await browser.close();
      await child.stop();
    }
  } finally {
    await db.drop();
    rmSync(webDir, { recursive: true, force: true });
  }
}
