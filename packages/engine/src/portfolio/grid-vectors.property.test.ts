/**
 * The engine's incremental vectors for grid pools (deribit-pm, USDC-settled linear futures;
 * grid-scan.ts through portfolio-vectors.ts) over seeded streams: prices of every symbol (moves and
 * repeated marks), fills that open, add to, reduce and close positions mid-walk, deposits and
 * previews rolled back. Two engines take the same stream; the twin confirms every pool exactly on
 * every move. Checked after every command: identical events (the filter never misses a pool the
 * exact model flags: a margin call, a clearance, a liquidation), and every grid pool's float
 * figures within their stated bound of the exact report's (testing/grid-stream.ts).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DERIBIT_BTC_USDC_PERPETUAL, DERIBIT_ETH_USDC_PERPETUAL, DYDX_BTC_USD_MMR5, at } from '@margin/testkit';
import { runGridStream } from '../testing/grid-stream.js';
import { Harness } from '../testing/harness.js';

const LOTS: Record<string, number> = { 'BTC_USDC-PERPETUAL': 1, 'BTC-USD': 0.001, 'ETH_USDC-PERPETUAL': 1 };

function setup(): Harness {
  const h = new Harness();
  h.run({ type: 'instrument', instrument: DERIBIT_BTC_USDC_PERPETUAL });
  h.run({ type: 'instrument', instrument: DYDX_BTC_USD_MMR5 });
  h.run({ type: 'instrument', instrument: DERIBIT_ETH_USDC_PERPETUAL });
  h.run({ type: 'prices', time: at(0), prices: [{ symbol: 'BTC_USDC-PERPETUAL', markPrice: '30000' }, { symbol: 'BTC-USD', markPrice: '30000' }, { symbol: 'ETH_USDC-PERPETUAL', markPrice: '2000' }] });
  h.run({ type: 'deposit', account: 'maker', asset: 'USDC', amount: '100000000' });
  return h;
}

describe('incremental grid (deribit-pm) vectors in the engine', () => {
  for (const seed of [21, 22, 23]) {
    it(`seed ${seed}: the same events as confirming every pool exactly, figures within the bound`, () => {
      const { checked, events } = runGridStream({
        seed,
        setup,
        asset: 'USDC',
        symbols: ['BTC_USDC-PERPETUAL', 'BTC-USD', 'ETH_USDC-PERPETUAL'],
        marks: { 'BTC_USDC-PERPETUAL': 30000, 'BTC-USD': 30000, 'ETH_USDC-PERPETUAL': 2000 },
        tick: (symbol) => (symbol === 'ETH_USDC-PERPETUAL' ? 0.05 : 1),
        size: (random, symbol) => {
          const lot = LOTS[symbol] ?? 1;
          return (lot * (1 + Math.floor(random() * (symbol === 'BTC-USD' ? 200 : 100)))).toFixed(lot < 1 ? 3 : 0);
        },
        deposit: (random) => String(2000 + Math.floor(random() * 4000)),
        topUp: (random) => String(50 + Math.floor(random() * 300)),
        previewFill: { symbol: 'BTC_USDC-PERPETUAL', size: '1' },
      });
      assert.ok(checked > 200, `seed ${seed}: only ${checked} pool checks`);
      assert.ok(events > 0, `seed ${seed}: the walk produced no event`);
    });
  }
});
