// Lint: typescript-eslint recommended + the project's bans (docs/architecture.md, docs/precision.md) + the
// package graph (docs/architecture.md, docs/adr/0009-dependency-rules.md). Import cycles inside a
// package and relative paths into another package: .dependency-cruiser.mjs (also `npm run lint`).
import { existsSync, readFileSync } from 'node:fs';
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

// The package graph: each package lists the @margin packages its source may import. Anything
// else is a backwards (or sideways) import. Packages not built yet are listed so the rule is
// already in force the day they land.
const PACKAGES = ['core', 'wire', 'engine', 'store', 'host', 'sim', 'server', 'cluster', 'cli', 'web', 'testkit'];
export const ALLOWED_DEPENDENCIES = {
  core: [],
  wire: ['core'],
  engine: ['core', 'wire'],
  store: ['core'], // the journal port and its adapters only
  host: ['core', 'wire', 'engine', 'store'],
  sim: ['core', 'wire', 'engine'],
  server: ['core', 'wire', 'engine', 'store', 'host', 'sim'],
  cluster: ['core', 'wire', 'engine', 'store', 'host', 'sim', 'server'], // partitions on NATS JetStream (ADR 0017)
  cli: PACKAGES.filter((name) => name !== 'web' && name !== 'cli' && name !== 'testkit'),
  web: [], // the dashboard talks to the API only; it may import types of wire and core (below)
  testkit: [], // plain JSON fixtures: core's and the engine's tests import it, so it imports none of them
};
// Type-only imports that do not make a runtime dependency (erased by the compiler).
const TYPE_ONLY_DEPENDENCIES = { web: ['wire', 'core'] };
// Test files may also use the shared fixtures (@margin/testkit, docs/testing.md): every package's
// tests, core's included, since the kit depends on no package (no project-reference cycle).
const TEST_EXTRA_DEPENDENCIES = ['testkit'];

// Subpaths a package publishes in its package.json `exports` (e.g. `@margin/engine/audit`) are
// part of its public surface, like its index.
const PUBLIC_SUBPATHS = PACKAGES.flatMap((pkg) => {
  const file = `packages/${pkg}/package.json`;
  if (!existsSync(file)) return [];
  const exports = JSON.parse(readFileSync(file, 'utf8')).exports ?? {};
  return Object.keys(exports).filter((key) => key !== '.').map((key) => `@margin/${pkg}/${key.replace(/^\.\//, '')}`);
});

// Test code: test files, test folders and the test helpers of each package (src/testing: harnesses).
const TEST_FILES = ['**/*.test.ts', '**/test/**', '**/src/testing/**'];
// The pure packages' I/O bans (core: no node module at all; engine: no file, socket or process).
const IO_BANS = {
  core: { group: ['node:*', 'fs', 'path', 'http', 'net', 'child_process'], message: 'core does no I/O' },
  engine: {
    group: ['node:fs', 'node:net', 'node:http', 'node:child_process', 'fs', 'net', 'http', 'child_process'],
    message: 'engine does no I/O',
  },
  wire: { group: ['node:*', 'fs', 'path', 'http', 'net', 'child_process'], message: 'wire does no I/O (the browser imports its types)' },
};

// One no-restricted-imports entry per file group (flat config replaces, not merges, a rule's
// options, so every entry carries its package's whole list).
function importRules(pkg, { allow = ALLOWED_DEPENDENCIES[pkg], test = false, io = null } = {}) {
  const allowed = new Set([...allow, pkg, ...(test && pkg !== 'testkit' ? TEST_EXTRA_DEPENDENCIES : [])]);
  const typeOnly = (TYPE_ONLY_DEPENDENCIES[pkg] ?? []).filter((name) => !allowed.has(name));
  const forbidden = PACKAGES.filter((name) => !allowed.has(name) && !typeOnly.includes(name));
  const patterns = [
    {
      group: ['@margin/*/**', ...PUBLIC_SUBPATHS.map((path) => `!${path}`)],
      message: "import a package by its name only: its public surface is its index and the subpaths its package.json exports, not its files (no '@margin/x/src/...')",
    },
  ];
  if (forbidden.length > 0) {
    patterns.push({
      group: forbidden.map((name) => `@margin/${name}`),
      message: `dependency rule: @margin/${pkg} may import only ${[...allowed].filter((n) => n !== pkg).map((n) => '@margin/' + n).join(', ') || 'no other @margin package'} (docs/architecture.md)`,
    });
  }
  if (typeOnly.length > 0) {
    patterns.push({
      group: typeOnly.map((name) => `@margin/${name}`),
      allowTypeImports: true,
      message: `dependency rule: @margin/${pkg} may import only types (import type) from ${typeOnly.map((n) => '@margin/' + n).join(', ')}; it talks to the API at run time`,
    });
  }
  if (io) patterns.push(io);
  return { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] };
}

const packageRules = PACKAGES.flatMap((pkg) => {
  const sources = {
    files: [`packages/${pkg}/**/*.{ts,js,mjs}`],
    ignores: TEST_FILES,
    rules: importRules(pkg, { io: IO_BANS[pkg] ?? null }),
  };
  const tests = {
    files: TEST_FILES.map((glob) => `packages/${pkg}/${glob}`),
    rules: importRules(pkg, { test: true }),
  };
  return [sources, tests];
});


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
  ...packageRules,
  {
    files: ['packages/core/src/**/*.ts', 'packages/engine/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-syntax': ['error', ...coreBans] },
  },
  {
    files: ['packages/core/src/**/*.ts'],
    ignores: ['packages/core/src/**/*.test.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'error' },
  },
  { files: ['eslint.config.js', '.dependency-cruiser.mjs'], rules: { 'no-restricted-exports': 'off' } },
);
