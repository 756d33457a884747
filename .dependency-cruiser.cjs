/**
 * Import rules (docs/architecture.md, "Import rules"), checked by `npm run lint:imports`.
 * Planes are the folders below; each one's index.ts is its only door from outside it.
 */
const PLANES = '(access|catalog|federation|gateway|governance|hosting|inventory|operations|outbound|store)';
const TESTS = ['\\.test\\.ts$', '^test/'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles: move what both sides need to a leaf module (src/schemas for shapes config and a plane share).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-through-index',
      severity: 'error',
      comment: "From outside a plane's folder, import the plane only through src/<plane>/index.ts (tests exempt).",
      // $1 is the importing file's top folder under src (or the file itself when it sits in src/).
      from: { path: '^(src/[^/]+)', pathNot: TESTS },
      to: { path: `^src/${PLANES}/`, pathNot: ['^$1/', `^src/${PLANES}/index\\.ts$`] },
    },
    {
      name: 'config-on-the-ground-floor',
      severity: 'error',
      comment: 'src/config.ts and src/schemas hold settings and shared shapes; they import no plane and no interface.',
      from: { path: ['^src/config\\.ts$', '^src/schemas/'] },
      to: { path: `^src/(${PLANES.slice(1, -1)}|http|cli|compose)/|^src/createToolshed\\.ts$` },
    },
    {
      name: 'planes-not-interfaces',
      severity: 'error',
      comment: 'Dependencies point one way: interfaces -> planes -> store. No plane imports an interface.',
      from: { path: `^src/${PLANES}/`, pathNot: TESTS },
      to: { path: '^src/(http|cli)/|^src/createToolshed\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['node_modules', '^web/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
