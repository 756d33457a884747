/**
 * Builds the web UI into web/dist (hashed asset names, served by the Toolshed server
 * at `/`), and serves it in development with the API paths proxied to a running
 * Toolshed (`TOOLSHED_API_URL`, default http://127.0.0.1:8080).
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = process.env.TOOLSHED_API_URL ?? 'http://127.0.0.1:8080';
const API_PATHS = ['/v0', '/v0.1', '/api', '/auth', '/docs', '/openapi.json', '/health', '/metrics'];

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    // The server's CSP forbids inline scripts and styles: nothing may be inlined.
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
  server: {
    proxy: Object.fromEntries(API_PATHS.map((path) => [path, { target: api, changeOrigin: true }])),
  },
});
