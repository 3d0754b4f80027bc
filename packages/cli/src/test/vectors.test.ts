/**
 * Replays every golden vector in vectors/risk through the same code path as `margin risk --json`
 * and checks each expected field, numbers within the vector's stated tolerance.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rational } from '@margin/core';
import { runRisk } from '../commands/risk.js';
import { REPO_ROOT } from './repo-paths.js';

interface Vector {
  name: string;
  source: string;
  tag: 'Q' | 'Q-copy' | 'D';
  tolerance: Record<string, string>;
  input: unknown;
  expect: { account?: Record<string, unknown>; positions?: Array<Record<string, unknown>> };
}

const DIR = join(REPO_ROOT, 'vectors', 'risk');
const files = readdirSync(DIR).filter((name) => name.endsWith('.json')).sort();

function check(actual: Record<string, unknown>, expected: Record<string, unknown>, tolerance: Record<string, string>, where: string): void {
  for (const [field, want] of Object.entries(expected)) {
    const got = actual[field];
    const tol = tolerance[field];
    if (typeof want === 'string' && typeof got === 'string' && /^-?\d/.test(want)) {
      const diff = Rational.of(got).sub(Rational.of(want));
      const abs = diff.sign() < 0 ? diff.neg() : diff;
      const allowed = Rational.of(tol ?? '0');
      assert.ok(abs.cmp(allowed) <= 0, `${where}.${field}: got ${got}, expected ${want} +/- ${tol ?? '0'}`);
    } else {
      assert.deepEqual(got, want, `${where}.${field}`);
    }
  }
}

test('there are golden vectors, each with a source and a tag', () => {
  assert.ok(files.length >= 10, `only ${files.length} vectors`);
  for (const file of files) {
    const vector = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Vector;
    assert.ok(vector.source.length > 20, `${file}: source`);
    assert.ok(['Q', 'Q-copy', 'D'].includes(vector.tag), `${file}: tag`);
  }
});

for (const file of files) {
  const vector = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Vector;
  test(`vector ${file}: ${vector.name}`, () => {
    const { stdout } = runRisk(JSON.stringify(vector.input), { json: true });
    const output = JSON.parse(stdout) as { account: Record<string, unknown>; positions: Array<Record<string, unknown>> };
    if (vector.expect.account) check(output.account, vector.expect.account, vector.tolerance, 'account');
    (vector.expect.positions ?? []).forEach((expected, i) => {
      const actual = output.positions[i];
      assert.ok(actual, `positions[${i}] missing`);
      check(actual, expected, vector.tolerance, `positions[${i}]`);
    });
  });
}
