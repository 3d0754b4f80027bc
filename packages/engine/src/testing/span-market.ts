/**
 * A market for SPAN accounts (ADR 0035): ZC and ZS futures settled in USD, the test parameter set
 * (`vectors/portfolio/span-test.pa2`, built from CME's PA2 layout) loaded as `tst` with both symbols mapped.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SPAN_USD_FUTURE, at } from '@margin/testkit';
import { Harness } from './harness.js';
import type { EngineOptions } from '../state/create.js';

const VECTORS = new URL('../../../../vectors/portfolio/', import.meta.url);
export const SPAN_PA2 = readFileSync(new URL('span-test.pa2', VECTORS), 'utf8');
export const SPAN_SPN = readFileSync(new URL('span-test.spn', VECTORS), 'utf8');

export const spanFuture = (symbol: string) => ({ ...SPAN_USD_FUTURE, symbol });
export const SPAN_SYMBOLS = [
  { symbol: 'ZC-DEC26', contract: 'ZC 202612' },
  { symbol: 'ZS-NOV26', contract: 'ZS 202611' },
];

/** ZC and ZS futures settled in USD, the test set loaded, `accounts` funded with `deposit` USD (`options`: the engine's, e.g. a profile with options rules). */
export function spanMarket(accounts: readonly string[], deposit: string, content = SPAN_PA2, format = 'pa2', options: EngineOptions = {}): Harness {
  const h = new Harness(options);
  h.run({ type: 'asset', asset: 'USD', decimals: 2 });
  for (const symbol of ['ZC-DEC26', 'ZS-NOV26', 'OTHER']) h.run({ type: 'instrument', instrument: spanFuture(symbol) });
  for (const symbol of ['ZC-DEC26', 'ZS-NOV26', 'OTHER']) h.run({ type: 'price', symbol, markPrice: '1000', time: at(0) });
  const loaded = h.run({ type: 'spanParameters', set: 'tst', format, content, symbols: SPAN_SYMBOLS });
  assert.deepEqual(loaded.map((e) => e.type), ['spanParametersLoaded']);
  for (const account of accounts) h.run({ type: 'deposit', account, asset: 'USD', amount: deposit });
  return h;
}

