// ESLint flat config: typescript-eslint's recommended rules (not the type-checked set, so lint
// stays fast in CI; `tsc --noEmit` does the type checking), with eslint-config-prettier last so
// that formatting is Prettier's alone (`npm run format:check`).
import { defineConfig } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

// The browser globals the web UI uses. TypeScript files get their undefined names from tsc, so
// this matters only for plain JavaScript added under web/src.
const browserGlobals = Object.fromEntries(
  [
    'window',
    'document',
    'navigator',
    'location',
    'history',
    'localStorage',
    'sessionStorage',
    'fetch',
    'console',
    'setTimeout',
    'clearTimeout',
    'URL',
    'URLSearchParams',
    'AbortController',
    'HTMLElement',
    'Event',
  ].map((name) => [name, 'readonly']),
);

export default defineConfig(
  { ignores: ['node_modules/', 'web/dist/', 'output/', 'data/'] },
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', 'web/src/**/*.{ts,tsx}', 'web/*.ts', '*.ts'],
    extends: [tseslint.configs.recommended],
    rules: {
      // A leading underscore marks a name left unused on purpose (a parameter a signature requires,
      // a field dropped from a rest copy); everything else unused is an error.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'src/**/*.test.ts', 'bench/**/*.ts'],
    rules: {
      // Tests and benchmarks read untyped JSON bodies off the wire; `any` there is the honest type.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: browserGlobals },
  },
  prettier,
);
