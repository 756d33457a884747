/**
 * A real browser for end-to-end tests: Debian's Chromium driven by playwright-core
 * (`apt-get install -y chromium`; `.ci/run` installs it), and the web UI built from
 * the current source into a scratch directory, so a test never runs a stale build.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';

const CANDIDATES = [process.env.TOOLSHED_CHROMIUM, '/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** The Chromium executable, or undefined on a machine without one (browser tests then report as skipped). */
export const CHROMIUM = CANDIDATES.find((p): p is string => typeof p === 'string' && p !== '' && existsSync(p));

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export async function launchChromium(): Promise<Browser> {
  if (!CHROMIUM) throw new Error('Chromium is not installed: apt-get install -y chromium (or set TOOLSHED_CHROMIUM)');
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

/** `vite build` of web/ into a fresh directory; returns it. */
export async function buildWebUi(): Promise<string> {
  const { build } = await import('vite');
  const outDir = mkdtempSync(join(tmpdir(), 'toolshed-web-'));
  await build({
    configFile: join(REPO_ROOT, 'web', 'vite.config.ts'),
    logLevel: 'error',
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}
