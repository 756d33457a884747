/**
 * The root `prepare` script (run by `npm ci` and `npm install`): builds the web UI
 * into web/dist, as `npm run build:web` does. An install without devDependencies
 * (`npm ci --omit=dev`) has no Vite: it says so and leaves the UI unbuilt, so the
 * install still succeeds (`toolshed serve` then logs a warning and `/` redirects to
 * `/docs`); build the UI on a machine with devDependencies and ship web/dist.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
try {
  require.resolve('vite/package.json');
} catch {
  console.warn('toolshed: Vite is not installed (devDependencies omitted), so the web UI was not built; run `npm run build:web` where it is.');
  process.exit(0);
}
const { build } = await import('vite');
await build({ configFile: fileURLToPath(new URL('./vite.config.ts', import.meta.url)), logLevel: 'warn' });
console.log('toolshed: built the web UI into web/dist');
