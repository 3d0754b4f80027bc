/**
 * `margin risk`'s table (issue 15): isolated positions with their own balance, equity and ratio;
 * no asset-less "wallet balance 0 " without cross positions; the distance to liquidation; a
 * warning for an inverse contract under a profile whose venue lists linear contracts only.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BTCUSD_INVERSE_100_MMR04, ETHUSDT_LINEAR_2TIER, RISK_EXAMPLE_BTCUSDT, RISK_EXAMPLE_ETHUSDT } from '@margin/testkit';
import { runRisk } from '../commands/risk.js';

const ISOLATED_ONLY = {
  profile: 'binance-usdm',
  account: { balance: '0' },
  instruments: [{ ...RISK_EXAMPLE_ETHUSDT, markPrice: '1400' }],
  positions: [{ symbol: 'ETHUSDT', side: 'short', size: '2', entryPrice: '1500', leverage: '10', margin: 'isolated', isolatedBalance: '300' }],
};

test('isolated positions show their balance, equity and margin ratio in the table', () => {
  const { stdout } = runRisk(JSON.stringify(ISOLATED_ONLY), {});
  // Hand-worked: short 2 ETH @ 1,500, mark 1,400: uPnL = 2 x (1,500 - 1,400) = 200; equity = 300 + 200 = 500;
  // MM = 2 x 1,400 x 0.5% = 14; ratio = 14 / 500 = 2.8 %.
  const row = stdout.split('\n').find((line) => /^ETHUSDT\s+short\s+300/.test(line));
  assert.ok(row, stdout);
  assert.match(row, /^ETHUSDT\s+short\s+300 USDT\s+200\s+500 USDT\s+14\s+2\.8000 %\s+no$/);
});

test('without a cross position the cross block names no asset-less "wallet balance 0"', () => {
  const { stdout } = runRisk(JSON.stringify(ISOLATED_ONLY), {});
  assert.doesNotMatch(stdout, /wallet balance\s+0 $/m);
  assert.match(stdout, /Cross account: no cross positions \(wallet balance 0; give account\.asset to name its asset\)/);
  const named = runRisk(JSON.stringify({ ...ISOLATED_ONLY, account: { balance: '10', asset: 'USDT' } }), {}).stdout;
  assert.match(named, /Cross account \(USDT, no cross positions\)\n {2}wallet balance\s+10 USDT/);
});

test('the distance to liquidation column: |liq - mark| / mark, rounded down', () => {
  const { stdout } = runRisk(JSON.stringify(ISOLATED_ONLY), {});
  assert.match(stdout, /to liq\./);
  // liq 1,641.79104477 (risk-cli.test's hand-worked price); (1,641.79104477 - 1,400) / 1,400 = 17.2707... %
  assert.match(stdout, /1,641\.79104477\s+17\.27 %/);
});

test('an inverse contract under a linear-only profile is warned about; the same contract under a profile listing it is not', () => {
  const input = {
    profile: 'binance-usdm',
    account: { balance: '1', asset: 'BTC' },
    instruments: [{ ...BTCUSD_INVERSE_100_MMR04, markPrice: '60000' }, { ...RISK_EXAMPLE_BTCUSDT, markPrice: '60000' }],
    positions: [{ symbol: 'BTCUSD', side: 'long', size: '10', entryPrice: '60000', leverage: '10', margin: 'cross' }],
  };
  const { warnings } = runRisk(JSON.stringify(input), {});
  assert.deepEqual(warnings, [
    'instruments[0].kind: BTCUSD is an inverse contract (inverse-perpetual) but profile binance-usdm lists linear contracts only; its rules are applied as written, not as any venue computes this contract',
  ]);
  assert.deepEqual(runRisk(JSON.stringify({ ...input, instruments: [input.instruments[0]] }), { profile: 'binance-coinm' }).warnings, []);
  assert.deepEqual(runRisk(JSON.stringify({ ...input, instruments: [input.instruments[0]] }), { profile: 'generic' }).warnings, []);
});

test('--max-order: the largest new order and its leverage, hand-worked across a tier boundary', () => {
  // ETHUSDT at 2,000, lot 0.01: tier 1 below 10,000 notional at 100x, tier 2 from 10,000 at 75x.
  const input = (balance: string) => JSON.stringify({ profile: 'generic', account: { balance, asset: 'USDT' }, instruments: [{ ...ETHUSDT_LINEAR_2TIER, markPrice: '2000' }], positions: [] });
  type Order = { side: string; size: string; notional: string; leverage: string; tier: number; initialMargin: string; freeAfter: string };
  const orders = (balance: string) => (JSON.parse(runRisk(input(balance), { json: true, maxOrder: 'ETHUSDT' }).stdout) as { maxOrder: Order[] }).maxOrder;
  // 100 USDT: tier 1 allows notional <= 10,000 but must stay below it: 4.99 ETH (9,980, IM 99.8);
  // tier 2 would need n / 75 <= 100, n <= 7,500, below its floor: impossible.
  assert.deepEqual(orders('100')[0], { symbol: 'ETHUSDT', side: 'long', size: '4.99', notional: '9980', leverage: '100', tier: 1, initialMargin: '99.8', freeAfter: '0.2' });
  // 200 USDT: tier 2 allows n <= 15,000: 7.5 ETH at 75x, IM exactly 200.
  const two = orders('200');
  assert.deepEqual(two.map((o) => [o.side, o.size, o.leverage, o.tier, o.initialMargin, o.freeAfter]), [['long', '7.5', '75', 2, '200', '0'], ['short', '7.5', '75', 2, '200', '0']]);
  const text = runRisk(input('200'), { maxOrder: 'ETHUSDT' }).stdout;
  assert.match(text, /Largest new cross order in ETHUSDT/);
  assert.match(text, /long\s+7\.5\s+15,000 USDT\s+75x\s+2\s+200\s+0/);
  // Without --max-order the JSON shape is unchanged.
  assert.equal('maxOrder' in JSON.parse(runRisk(input('200'), { json: true }).stdout), false);
  assert.throws(() => runRisk(input('200'), { maxOrder: 'NOPE' }), /--max-order: unknown symbol "NOPE"/);
});
