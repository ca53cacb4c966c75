import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';

/**
 * The import direction of the contract: app → components, lib → db. A pattern for each layer
 * lists what it must not reach, by alias and by relative path.
 */
const layer = (names) => names.flatMap((name) => [`@/${name}`, `@/${name}/**`, `**/../${name}`, `**/../${name}/**`]);
/** lib modules with no server dependencies that components may import values from. */
const BROWSER_SAFE_LIB = ['chat/citations'];
const restrict = (group, message, allowTypeImports = false) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group, message, allowTypeImports }] }],
});

export default defineConfig([
  ...nextVitals,
  ...nextTypescript,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['components/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [
          { group: layer(['db', 'app']), message: 'Components hold no data access: fetch through the API (contract: app → components, lib → db).' },
          {
            // Pure, browser-safe lib modules that the page runs too (citations are parsed in one place).
            regex: `^(@/|(\\.\\./)+)lib(/(?!(${BROWSER_SAFE_LIB.join('|')})$)|$)`,
            allowTypeImports: true,
            message: 'Components import only types from lib/ (wire types are declared once there): use `import type`, or list a pure, browser-safe module in BROWSER_SAFE_LIB.',
          },
        ],
      }],
      // A response shape written out in a component is a copy that drifts from the route: name the lib type.
      'no-restricted-syntax': ['error', {
        selector: 'CallExpression[callee.name="fetchJson"] > TSTypeParameterInstantiation > :not(TSTypeReference)',
        message: 'Type an API response with the wire type lib/ declares for it (e.g. `fetchJson<DocumentList>`), imported with `import type`; do not write the shape here.',
      }],
    },
  },
  { files: ['lib/**'], rules: restrict(layer(['app', 'components']), 'lib/ is the domain: it never imports app/ or components/.') },
  { files: ['db/**'], rules: restrict(layer(['lib', 'app', 'components']), 'db/ imports nothing of ours: pass values in from lib/.') },
  globalIgnores(['.next/**', 'node_modules/**', 'data/**', 'e2e/artifacts/**', 'next-env.d.ts', '.scratch/**']),
]);
