// Type-checked lint. Layer rules (DESIGN §2) are enforced by dependency-cruiser
// (.dependency-cruiser.cjs), which resolves real paths instead of matching import strings.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { OVERSIZED, SIZE_RULES } from './lint/size-limits.js';

export default tseslint.config(
  { ignores: ['dist/**', '.test-build/**', 'lint/**', 'node_modules/**', '.data/**', 'bench/results/**', 'test/fixtures/**', 'bin/**', 'eslint.config.js', '.dependency-cruiser.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's test()/describe() return promises the runner itself awaits.
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite', 'before', 'after'] }] },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  {
    // Tests and benchmarks talk to untyped JSON over HTTP all day; keep the promise rules, relax the any-rules.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      'no-console': 'off',
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // Size limits (lint/size-limits.js): physical lines per file; code lines per function.
    files: ['src/**/*.ts'],
    rules: SIZE_RULES,
  },
  // The allow-list: each oversized file is excused from exactly the limits it breaks.
  ...Object.entries(OVERSIZED).map(([file, rules]) => ({ files: [file], rules: Object.fromEntries(rules.map((rule) => [rule, 'off'])) })),
  {
    // The browser pages' plain scripts (src/web): outside the TypeScript project, so linted untyped.
    files: ['src/web/page/**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { sourceType: 'script', parserOptions: { projectService: false } },
  },
  {
    // The test build script (test/runner/build-tests.mjs) is plain Node JavaScript that runs before
    // anything is compiled: outside the TypeScript project, linted untyped.
    files: ['test/runner/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { sourceType: 'module', globals: { console: 'readonly', process: 'readonly' }, parserOptions: { projectService: false } },
    rules: { ...tseslint.configs.disableTypeChecked.rules, 'no-console': 'off' },
  },
);
