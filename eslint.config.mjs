// ESLint 9 flat config: `npm run lint` (docs/development.md "Lint and format").
// The rules are the ones that catch defects; layout is Prettier's (eslint-config-prettier, last,
// switches off every rule it owns). Type-aware: each file is checked with its own tsconfig
// (tsconfig.json for src, test, bench, migrations; web/tsconfig.json for the web app).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';
import moduleGraph from './eslint/module-graph.mjs';

export default tseslint.config(
  {
    ignores: ['dist/**', 'web/dist/**', 'coverage/**', 'bench/out/**', '.artifacts/**', '.comeback/**', 'web/src/api/schema.d.ts', 'src/openapi/metadata.generated.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // the Vite config is in no tsconfig; it gets a default program
        projectService: { allowDefaultProject: ['web/vite.config.mts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      // `return await` inside try: without it the catch and finally run before the promise settles
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      // a switch over a union that misses a member (a status or channel added later) and has no default
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-fallthrough': 'error',
      'no-template-curly-in-string': 'error',
      'no-self-compare': 'error',
      'no-unreachable-loop': 'error',
      'array-callback-return': 'error',
      // Noise here, so off: SQL rows and JSON bodies are `any` by design; async methods that satisfy
      // an interface need not await; a redundant assertion or union member is harmless.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      '@typescript-eslint/no-redundant-type-constituents': 'off',
    },
  },
  {
    // jest: `expect(mock.method)` is not an unbound call, and Bull's job.name is a plain string;
    // a test prints only the figures it exists to measure (each with a disable comment)
    files: ['test/**/*.ts', 'src/**/*.spec.ts'],
    rules: {
      'no-console': 'error',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
    },
  },
  {
    // The web app. Browser globals need no list: TypeScript resolves names (lib DOM) and no-undef
    // is off for TS files. React: a handler may return a promise (onClick={() => refetch()}), and
    // react-router's navigate() returns one only in data-router mode, which this app does not use.
    files: ['web/src/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false, properties: false } }],
      '@typescript-eslint/no-floating-promises': ['error', { allowForKnownSafeCalls: [{ from: 'package', package: 'react-router', name: 'NavigateFunction' }] }],
    },
  },
  {
    // plain JavaScript config and reporter files run by Node, in no tsconfig
    files: ['**/*.{js,cjs,mjs}'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { require: 'readonly', module: 'writable', exports: 'writable', __dirname: 'readonly', __filename: 'readonly', process: 'readonly', console: 'readonly' },
    },
  },
  ...moduleGraph,
  prettier,
);
