import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.electron-native/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    // No runtime import cycles: a cycle makes module load order matter, and a half-initialised
    // module shows up as an `undefined` export at run time. Type-only imports are erased, so they may loop.
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] })],
    },
    rules: { 'import-x/no-cycle': 'error' },
  },
  {
    files: ['tests/**/*'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Short files and functions read as explanations (README, "Contributing"). A test file's
    // describe() callback is a grouping, not a function, so only the file limit applies to tests.
    files: ['**/*.{ts,tsx,js,mjs}'],
    rules: { 'max-lines': ['error', { max: 400 }] },
  },
  {
    files: ['src/**/*.{ts,tsx}', 'bench/**/*.mjs', 'scripts/**/*.mjs'],
    rules: { 'max-lines-per-function': ['error', { max: 120 }] },
  },
  {
    // The renderer never imports server code; the server never imports electron or react (ARCHITECTURE.md).
    files: ['src/renderer/**/*'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/server/**', '**/main/**', 'electron'] }] },
  },
  {
    files: ['src/server/**/*', 'src/common/**/*'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['electron', 'react', 'react-dom', '**/renderer/**', '**/main/**'] },
      ],
    },
  },
  {
    // One shape for every lab (README, "The shape of a lab"): a lab never imports another lab's or an
    // origin's internals; what two labs share lives in core/, auth/, crypto/, db/ or common/.
    // The files directly in labs/ (the lab list, the LabModule contract, the attack kit) are not a lab: they list them.
    files: ['src/server/labs/*/**/*'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'react', 'react-dom', '**/renderer/**', '**/main/**'] },
            {
              // '../<x>' from a lab folder is another lab (only '../lab-module' and '../attack-kit' are shared); '../../' is src/server.
              regex: String.raw`(^|/)origins(/|$)|^\.\./(?!lab-module$|attack-kit$|\.\./)`,
              message: 'A lab imports no other lab and no origin: share through core/, auth/, crypto/, db/ or common/.',
            },
          ],
        },
      ],
    },
  },
  // The same boundary for a lab's subfolders (labs/<lab>/<dir>/…, labs/<lab>/<dir>/<dir>/…): climbing
  // inside the lab is fine; one level more is another lab (only lab-module and attack-kit are shared); one more is src/server.
  ...[
    ['src/server/labs/*/*/*', String.raw`(^|/)origins(/|$)|^\.\./\.\./(?!lab-module$|attack-kit$|\.\./)`],
    ['src/server/labs/*/*/*/*', String.raw`(^|/)origins(/|$)|^\.\./\.\./\.\./(?!lab-module$|attack-kit$|\.\./)`],
  ].map(([files, regex]) => ({
    files: [files],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'react', 'react-dom', '**/renderer/**', '**/main/**'] },
            {
              regex,
              message: 'A lab imports no other lab and no origin: share through core/, auth/, crypto/, db/ or common/.',
            },
          ],
        },
      ],
    },
  })),
  {
    // The shared layers sit below the labs and the origins: auth/, core/ and db/ import neither, so
    // every lab can use them and none of them depends on one lab's internals.
    files: ['src/server/auth/**/*', 'src/server/core/**/*', 'src/server/db/**/*'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'react', 'react-dom', '**/renderer/**', '**/main/**'] },
            {
              // '../labs/…' or '../origins/…' from a shared layer; '../../common/labs' (the declarations) stays open.
              regex: String.raw`^(\.\./)+(labs|origins)(/|$)|(^|/)server/(labs|origins)(/|$)`,
              message: 'auth/, core/ and db/ are shared by every lab: they import no lab and no origin.',
            },
          ],
        },
      ],
    },
  },
  {
    // An origin registers what each lab returns (LabModule) and imports nothing else of a lab.
    files: ['src/server/origins/**/*'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'react', 'react-dom', '**/renderer/**', '**/main/**'] },
            {
              regex: String.raw`(^|/)labs/(?!lab-module$)`,
              message: 'An origin only registers what a lab returns; it imports no lab internals.',
            },
          ],
        },
      ],
    },
  },
);
