// Lint: typescript-eslint recommended + the project's bans (DESIGN.md section 2 and 5).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const coreBans = [
  { selector: "MemberExpression[object.name='Date'][property.name='now']", message: 'core is clock-free: time arrives as input' },
  { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'core is clock-free: time arrives as input' },
  { selector: "MemberExpression[object.name='Math'][property.name='random']", message: 'core is deterministic: no ambient randomness' },
  { selector: "MemberExpression[object.name='console']", message: 'core does no I/O' },
  { selector: "CallExpression[callee.name='parseFloat']", message: 'money is exact: parse decimals with parseFixed' },
  { selector: "CallExpression[callee.property.name='toFixed']", message: 'money is exact: format with formatFixed' },
];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'data/**', 'out/**', 'packages/web/build/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-exports': ['error', { restrictDefaultExports: { direct: true } }],
    },
  },
  {
    files: ['packages/core/src/**/*.ts'],
    ignores: ['packages/core/src/**/*.test.ts'],
    rules: {
      'no-restricted-syntax': ['error', ...coreBans],
      'no-restricted-imports': ['error', { patterns: [
        { group: ['node:*', 'fs', 'path', 'http', 'net', 'child_process'], message: 'core does no I/O' },
        { group: ['@margin/*'], message: 'core depends on no other package (DESIGN.md section 2)' },
      ] }],
      '@typescript-eslint/no-non-null-assertion': 'error',
    },
  },
  {
    // Dependency direction: core <- engine <- store/server/cli; the engine stays pure.
    files: ['packages/engine/src/**/*.ts'],
    ignores: ['packages/engine/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['@margin/store', '@margin/server', '@margin/cli', '@margin/web', '@margin/sim'], message: 'engine must not reach outward' },
        { group: ['node:fs', 'node:net', 'node:http', 'node:child_process', 'fs', 'net', 'http', 'child_process'], message: 'engine does no I/O' },
      ] }],
      'no-restricted-syntax': ['error', ...coreBans],
    },
  },
  {
    // The store is persistence only: the journal port knows texts, not the engine (ADR 0004).
    files: ['packages/store/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['@margin/engine', '@margin/host', '@margin/server', '@margin/cli', '@margin/web', '@margin/sim'], message: 'store depends on core only' },
      ] }],
    },
  },
  {
    files: ['packages/host/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['@margin/server', '@margin/cli', '@margin/web', '@margin/sim'], message: 'the host sits below the server and the CLI' },
      ] }],
    },
  },
  { files: ['eslint.config.js'], rules: { 'no-restricted-exports': 'off' } },
);
