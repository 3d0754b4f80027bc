/**
 * The engine's incremental vectors for INVERSE grid pools (deribit-pm BTC: coin-settled futures,
 * P&L and requirement in BTC, the dampener converted at the first position's shocked forward;
 * grid-scan.ts through portfolio-vectors.ts) over seeded streams (testing/grid-stream.ts): three
 * BTC-settled perpetuals whose marks move apart, so the first position's forward matters; small
 * accounts and whales of ~$10M, whose extended-table losses pass the $100,000 dampener. Two
 * engines take the same stream, the twin confirming every pool exactly on every move: identical
 * events after every command, every grid pool's float figures within their bound of the exact
 * report's.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BTCUSD_INVERSE_100_MMR04, DERIBIT_BTC_PERPETUAL, OKX_BTC_USD_SWAP_TIERS_IN_CONTRACTS, at } from '@margin/testkit';
import { runGridStream } from '../testing/grid-stream.js';
import { Harness } from '../testing/harness.js';

/** Contracts per lot step (10 USD contracts for BTC-PERPETUAL, 100 USD for the others). */
const LOTS: Record<string, number> = { 'BTC-PERPETUAL': 10, BTCUSD: 1, 'BTC-USD-SWAP': 1 };
const WHALES = new Set(['g0', 'g1', 'g2']);

function setup(): Harness {
  const h = new Harness({ profile: 'deribit' });
  h.run({ type: 'instrument', instrument: DERIBIT_BTC_PERPETUAL });
  h.run({ type: 'instrument', instrument: BTCUSD_INVERSE_100_MMR04 });
  h.run({ type: 'instrument', instrument: OKX_BTC_USD_SWAP_TIERS_IN_CONTRACTS });
  h.run({ type: 'prices', time: at(0), prices: [{ symbol: 'BTC-PERPETUAL', markPrice: '30000' }, { symbol: 'BTCUSD', markPrice: '30100' }, { symbol: 'BTC-USD-SWAP', markPrice: '29900' }] });
  h.run({ type: 'deposit', account: 'maker', asset: 'BTC', amount: '100000' });
  return h;
}

describe('incremental inverse grid (deribit-pm BTC) vectors in the engine', () => {
  for (const seed of [31, 32, 33]) {
    it(`seed ${seed}: the same events as confirming every pool exactly, figures within the bound`, () => {
      const { checked, events } = runGridStream({
        seed,
        setup,
        asset: 'BTC',
        symbols: ['BTC-PERPETUAL', 'BTCUSD', 'BTC-USD-SWAP'],
        marks: { 'BTC-PERPETUAL': 30000, BTCUSD: 30100, 'BTC-USD-SWAP': 29900 },
        tick: () => 0.5,
        // Whales (g0-g2) hold ~$10M, where the extended table's losses pass the dampener.
        size: (random, symbol, account) => String((LOTS[symbol] ?? 1) * (1 + Math.floor(random() * 100)) * (WHALES.has(account) ? 1000 : 1)),
        deposit: (random, account) => ((0.05 + 0.1 * random()) * (WHALES.has(account) ? 2000 : 1)).toFixed(4),
        topUp: (random) => (0.002 + 0.01 * random()).toFixed(4),
        previewFill: { symbol: 'BTC-PERPETUAL', size: '10' },
      });
      assert.ok(checked > 200, `seed ${seed}: only ${checked} pool checks`);
      assert.ok(events > 0, `seed ${seed}: the walk produced no event`);
    });
  }
});
