/**
 * Replays vectors/market/*.json through the command functions the CLI runs (runFunding, runMark,
 * runIndex, runSettle with --json), so a vector checks parsing, profiles, maths and output
 * together. Each case: input document, expected values at dotted paths of the JSON output, a
 * `source` (URL or "derived: how") and an absolute `tolerance` for decimal strings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { Rational, decimalProblem } from '@margin/core';
import { runFunding } from './funding.js';
import { runMark } from './mark.js';
import { runIndex } from './index.js';
import { runSettle } from './settle.js';
import type { CommandOutput, MarketOptions } from '../market-io/command-io.js';

interface VectorCase {
  readonly name: string;
  readonly source: string;
  readonly tolerance: string;
  readonly command: 'funding' | 'mark' | 'index' | 'settle';
  readonly options?: MarketOptions;
  readonly input: unknown;
  readonly expected: Record<string, unknown>;
}

const RUNNERS: Record<VectorCase['command'], (file: string, options: MarketOptions, text: string) => Promise<CommandOutput>> = {
  funding: runFunding,
  mark: runMark,
  index: runIndex,
  settle: runSettle,
};

const folder = new URL('../../../../vectors/market/', import.meta.url);

function valueAt(root: unknown, path: string): unknown {
  let node = root;
  for (const part of path.split('.')) {
    const match = /^([^[]+)((?:\[\d+\])*)$/.exec(part);
    assert.ok(match, `bad path ${path}`);
    node = (node as Record<string, unknown> | undefined)?.[match[1] ?? ''];
    for (const index of (match[2] ?? '').matchAll(/\[(\d+)\]/g)) node = (node as unknown[] | undefined)?.[Number(index[1])];
  }
  return node;
}

function close(actual: unknown, expected: unknown, tolerance: string): boolean {
  if (typeof actual === 'string' && typeof expected === 'string' && decimalProblem(actual) === null && decimalProblem(expected) === null) {
    const diff = Rational.of(actual).sub(Rational.of(expected));
    const size = diff.sign() < 0 ? diff.neg() : diff;
    return size.cmp(Rational.of(tolerance)) <= 0 && (tolerance !== '0' || actual === expected);
  }
  return actual === expected;
}

for (const file of readdirSync(folder).filter((name) => name.endsWith('.json')).sort()) {
  const vectors = JSON.parse(readFileSync(new URL(file, folder), 'utf8')) as { cases: VectorCase[] };
  for (const vector of vectors.cases) {
    test(`${file}: ${vector.name}`, async () => {
      assert.ok(vector.source.length > 0, 'every vector names its source');
      const output = await RUNNERS[vector.command](`vectors/market/${file}`, { ...vector.options, json: true }, JSON.stringify(vector.input));
      const json = JSON.parse(output.stdout) as unknown;
      for (const [path, expected] of Object.entries(vector.expected)) {
        const actual = valueAt(json, path);
        assert.ok(close(actual, expected, vector.tolerance), `${path}: expected ${JSON.stringify(expected)} (tolerance ${vector.tolerance}), got ${JSON.stringify(actual)} [source: ${vector.source}]`);
      }
    });
  }
}
