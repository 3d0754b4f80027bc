// The kit is the one place instruments are defined for tests: a test file or harness outside it
// that writes an instrument object again (`kind: 'linear-perpetual', settle: ...`, or the same in
// JSON text) fails here. Golden vectors (vectors/) are published examples and are not scanned.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as kit from './index.js';

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** An instrument definition: an instrument kind followed by its settle asset (object literal or JSON text). */
const INSTRUMENT_LITERAL = /["']?kind["']?\s*:\s*["'](?:linear|inverse)-(?:perpetual|future)["']\s*,\s*["']?settle["']?\s*:/g;

function instrumentLiterals(text: string): number[] {
  return [...text.matchAll(INSTRUMENT_LITERAL)].map((match) => text.slice(0, match.index).split('\n').length);
}

function walk(dir: string, out: string[]): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name === 'build') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

/** Test files and test helpers of every package but the kit, and the repository's own tests. */
function scannedFiles(): string[] {
  const packages = join(REPO_ROOT, 'packages');
  const files: string[] = [];
  for (const pkg of readdirSync(packages)) {
    if (pkg === 'testkit') continue;
    for (const root of [join(packages, pkg, 'src'), join(packages, pkg, 'test')]) {
      try {
        statSync(root);
      } catch {
        continue;
      }
      for (const path of walk(root, [])) {
        const parts = relative(root, path).split(sep);
        const isTest = /\.test\.(ts|mjs|js)$/.test(path) || root.endsWith(`${sep}test`);
        if (isTest || parts.includes('testing')) files.push(path);
      }
    }
  }
  return [...files, ...walk(join(REPO_ROOT, 'test'), []).filter((path) => path.endsWith('.mjs'))];
}

describe('the test kit is the one place tests define instruments', () => {
  it('finds an instrument literal in object and JSON form, and not a kind alone', () => {
    assert.deepEqual(instrumentLiterals("const a = {\n  symbol: 'X',\n  kind: 'linear-perpetual',\n  settle: 'USDT',\n};"), [3]);
    assert.deepEqual(instrumentLiterals('{"symbol":"X","kind":"inverse-future","settle":"BTC"}'), [1]);
    assert.deepEqual(instrumentLiterals("const f = { kind: 'linear-perpetual', contractSize: ONE };"), []);
    assert.deepEqual(instrumentLiterals("(kind: 'linear-perpetual' | 'inverse-perpetual') => kind"), []);
  });

  it('no test file or test helper outside packages/testkit writes an instrument object', () => {
    const files = scannedFiles();
    assert.ok(files.length > 50, `scanned ${files.length} files`);
    const found = files.flatMap((path) => instrumentLiterals(readFileSync(path, 'utf8')).map((line) => `${relative(REPO_ROOT, path)}:${line}`));
    assert.deepEqual(found, [], 'define the instrument in packages/testkit/src/instruments.ts under a name that says what it is (docs/testing.md)');
  });

  it('gives every fixture one name: no two names hold the same instrument, ladder or book', () => {
    const values = Object.entries(kit).filter(([, value]) => typeof value === 'object' && value !== null);
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const [name, value] of values) {
      const key = JSON.stringify(value);
      const other = seen.get(key);
      if (other !== undefined) twice.push(`${other} = ${name}`);
      seen.set(key, name);
    }
    assert.deepEqual(twice, []);
  });
});
