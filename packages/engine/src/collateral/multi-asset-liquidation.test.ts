/**
 * Liquidation of a multi-asset account (ADR 0031): it happens exactly where the reported
 * liquidation price says (at the price: none; one tick beyond: liquidated, in that command);
 * positions first, then the loans covered by selling collateral at the index less the venue's
 * discount (explicit `collateralConverted` entries at stated prices); credit-line bands call and
 * liquidate; each asset's ledger sums to zero after every command of a seeded simulation with
 * several assets and borrowing (the harness checks it after each command).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatFixed, multiAssetRiskToJson, parseFixed } from '@margin/core';
import { at } from '@margin/testkit';
import type { EngineEvent } from '../apply/apply-command.js';
import { restoreState } from '../snapshot/restore.js';
import { snapshotState } from '../snapshot/snapshot.js';
import { Harness } from '../testing/harness.js';
import { multiAssetPoolOf, multiAssetReportOf } from './multi-asset-account.js';
import { binancePool } from '../testing/multi-asset.js';
import { seeded } from '../testing/seeded.js';

const started = (events: readonly EngineEvent[]): boolean => events.some((e) => e.type === 'liquidationStarted' && e['account'] === 'alice');

function fork(h: Harness): Harness {
  const copy = new Harness({ profile: h.state.profile.name });
  Object.assign(copy, { state: restoreState(snapshotState(h.state)) });
  return copy;
}

const TICK: Record<string, string> = { BTCUSDT: '0.1', ETHUSDC: '0.01' };

describe('multi-asset liquidation trigger', () => {
  for (const seed of [2, 5, 13, 21, 34, 55]) {
    it(`seed ${seed}: none at the reported liquidation price, liquidated one tick beyond`, () => {
      const random = seeded(seed);
      const h = binancePool((0.2 + random()).toFixed(4), Math.floor(random() * 2000).toString());
      h.run({ type: 'deposit', account: 'alice', asset: 'USDC', amount: Math.floor(random() * 2000).toString() });
      h.run({ type: 'setCollateralMode', account: 'alice', mode: 'multi-asset' });
      const long = random() < 0.5;
      const symbol = random() < 0.5 ? 'BTCUSDT' : 'ETHUSDC';
      const other = symbol === 'BTCUSDT' ? 'ETHUSDC' : 'BTCUSDT';
      // A second position in the other settle asset, held while the first one's mark moves.
      h.run({ type: 'fill', account: 'alice', symbol: other, side: random() < 0.5 ? 'buy' : 'sell', size: other === 'BTCUSDT' ? '0.05' : '1', price: other === 'BTCUSDT' ? '30000' : '2000', fee: '0', time: at(1) });
      // Size the position near the pool's available balance (leverage up to the tier's).
      const pool = multiAssetPoolOf(h.state, h.state.accounts.get('alice')!);
      assert.ok(pool !== null);
      const available = Number(pool.pool.availableBalance) / 1e18;
      const price = symbol === 'BTCUSDT' ? 30000 : 2000;
      const lots = Math.max(1, Math.floor(((available * 20 * (0.5 + random() * 0.4)) / price) * (symbol === 'BTCUSDT' ? 1000 : 100)));
      const size = symbol === 'BTCUSDT' ? (lots / 1000).toFixed(3) : (lots / 100).toFixed(2);
      const filled = h.run({ type: 'fill', account: 'alice', symbol, side: long ? 'buy' : 'sell', size, price: price.toFixed(2), fee: '0', time: at(2) });
      assert.equal(filled[0]?.type, 'filled', JSON.stringify(filled[0]));
      const report = multiAssetReportOf(h.state, h.state.accounts.get('alice')!);
      assert.ok(report !== null);
      const json = multiAssetRiskToJson(report);
      const position = json.positions.find((p) => p.symbol === symbol);
      assert.ok(position !== undefined);
      const reported = position.liquidationPrice;
      assert.ok(reported !== null, 'a leveraged position has a liquidation price');
      // One step of the profile's price grid beyond the reported price (the tick, or 1e-8 unrounded).
      const step = h.state.profile.priceRounding === 'tick' ? parseFixed(TICK[symbol]!) : 10n ** 10n;
      const beyond = formatFixed(parseFixed(reported) + (long ? -step : step));
      const at0 = fork(h);
      const atReported = at0.run({ type: 'price', id: 'probe-at', symbol, markPrice: reported, time: at(3) });
      assert.equal(started(atReported), false, `no liquidation at the reported ${reported}`);
      const past = fork(h);
      const atBeyond = past.run({ type: 'price', id: 'probe-beyond', symbol, markPrice: beyond, time: at(3) });
      assert.equal(started(atBeyond), true, `liquidated at ${beyond} (reported ${reported})`);
      const ended = atBeyond.find((e) => e.type === 'liquidationEnded');
      assert.equal(ended?.['asset'], 'USD');
    });
  }
});

describe('multi-asset liquidation: positions first, then collateral at the index less the discount', () => {
  it('a USDT loss after the close is covered by selling BTC at 97.5% of its index (binance-multi-assets-2022-07-06)', () => {
    const h = binancePool('1');
    h.run({ type: 'setCollateralMode', account: 'alice', mode: 'multi-asset' });
    h.run({ type: 'fill', account: 'alice', symbol: 'BTCUSDT', side: 'buy', size: '5', price: '30000', fee: '0', time: at(1) });
    const events = h.run({ type: 'price', symbol: 'BTCUSDT', markPrice: '24400', time: at(2) });
    const types = events.map((e) => e.type);
    const first = types.indexOf('liquidationStarted');
    const fillAt = types.indexOf('liquidationFill');
    const convertAt = types.indexOf('collateralConverted');
    assert.ok(first >= 0 && fillAt > first && convertAt > fillAt, types.join(','));
    const conversion = events[convertAt]!;
    assert.equal(conversion['fromAsset'], 'BTC');
    assert.equal(conversion['toAsset'], 'USDT');
    assert.equal(conversion['discount'], '0.025');
    // The stated price: 30,000 x (1 - 0.025) / 1.
    assert.equal(conversion['price'], '29250');
    // The loan is repaid: USDT back to >= 0, BTC sold (conservation per asset is checked by the harness).
    assert.ok(h.wallet('alice', 'USDT') >= 0n);
    assert.ok(h.wallet('alice', 'BTC') < 100000000n);
    assert.equal(h.state.accounts.get('alice')?.positions.size, 0);
  });

  it('a credit line calls at its margin-call band and liquidates at its liquidation band', () => {
    const h = binancePool('1');
    h.run({ type: 'setCollateralMode', account: 'alice', mode: 'multi-asset' });
    const set = h.run({ type: 'creditLine', account: 'alice', limit: '30000', used: '15000', bands: { initial: '0.5', marginCall: '0.7', liquidation: '0.8' } });
    assert.equal(set.some((e) => e.type === 'creditBandChanged'), false, 'LTV 15,000 / 28,500 = 0.53: no call');
    h.run({ type: 'fill', account: 'alice', symbol: 'BTCUSDT', side: 'buy', size: '0.1', price: '30000', fee: '0', time: at(1) });
    // BTC at 22,000: collateral 20,900, LTV 0.718: a margin call.
    const call = h.run({ type: 'collateralPrices', time: at(2), prices: [{ asset: 'BTC', indexPrice: '22000' }] });
    const band = call.find((e) => e.type === 'creditBandChanged');
    assert.deepEqual([band?.['band'], band?.['previousBand']], ['marginCall', 'none'], JSON.stringify(call));
    assert.equal(started(call), false);
    // BTC at 19,000: collateral 18,050, LTV 0.831: liquidation.
    const liquidation = h.run({ type: 'collateralPrices', time: at(3), prices: [{ asset: 'BTC', indexPrice: '19000' }] });
    const band2 = liquidation.find((e) => e.type === 'creditBandChanged');
    assert.equal(band2?.['band'], 'liquidation');
    assert.equal(started(liquidation), true, JSON.stringify(liquidation.map((e) => e.type)));
    assert.equal(h.state.accounts.get('alice')?.positions.size, 0);
  });
});

describe('seeded simulation of multi-asset accounts with borrowing', () => {
  for (const seed of [1, 7, 42]) {
    it(`seed ${seed}: 300 commands, each asset's ledger sums to zero after every one; liquidations convert collateral`, () => {
      const random = seeded(seed);
      const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
      const h = binancePool('0');
      for (const asset of ['USDT', 'USDC', 'BTC']) {
        h.run({ type: 'collateralAsset', asset, snapshot: 'binance-multi-assets-2021-06-07', borrowable: true, borrowInitialRate: '0.1', borrowMaintenanceRate: '0.05' });
      }
      const accounts = ['alice', 'bob', 'carol', 'dave'];
      for (const account of accounts) {
        h.run({ type: 'deposit', account, asset: 'BTC', amount: (0.1 + random()).toFixed(4) });
        h.run({ type: 'deposit', account, asset: 'USDC', amount: Math.floor(random() * 3000).toString() });
        h.run({ type: 'setCollateralMode', account, mode: 'multi-asset' });
      }
      const index: Record<string, number> = { USDT: 1, USDC: 1, BTC: 30000 };
      let eth = 2000;
      const counts = new Map<string, number>();
      for (let step = 0; step < 300; step++) {
        const seconds = 10 + step * 60;
        const account = pick(accounts);
        const roll = random();
        let command: Record<string, unknown>;
        if (roll < 0.3) {
          const symbol = pick(['BTCUSDT', 'ETHUSDC']);
          const size = symbol === 'BTCUSDT' ? (0.01 * (1 + Math.floor(random() * 300))).toFixed(3) : (0.1 * (1 + Math.floor(random() * 500))).toFixed(2);
          command = { type: 'fill', account, symbol, side: pick(['buy', 'sell']), size, price: (symbol === 'BTCUSDT' ? index['BTC']! : eth).toFixed(2), fee: '0', time: at(seconds) };
        } else if (roll < 0.45) {
          const [from, to] = [pick(['USDT', 'USDC', 'BTC']), pick(['USDT', 'USDC', 'BTC'])];
          const quantity = from === 'BTC' ? (0.001 + random() * 0.2).toFixed(6) : (1 + random() * 3000).toFixed(2);
          command = { type: 'convertCollateral', account, fromAsset: from, toAsset: to, quantity, fromIndex: index[from]!.toString(), toIndex: index[to]!.toString(), discount: '0.01', time: at(seconds) };
        } else if (roll < 0.52) command = { type: 'chargeInterest', account, asset: pick(['USDT', 'USDC', 'BTC']), annualRate: '0.12', from: at(seconds - 60), to: at(seconds) };
        else if (roll < 0.58) command = { type: 'withdraw', account, asset: pick(['USDC', 'BTC']), amount: pick(['0.01', '1', '50']) };
        else if (roll < 0.62) command = { type: 'creditLine', account, limit: '5000', used: Math.floor(random() * 4000).toString(), bands: { initial: '0.4', marginCall: '0.6', liquidation: '0.8' } };
        else {
          index['BTC'] = Math.max(3000, Math.round(index['BTC']! * (1 + (random() - 0.52) * 0.08)));
          eth = Math.max(200, Math.round(eth * (1 + (random() - 0.5) * 0.08)));
          for (const e of h.run({ type: 'prices', time: at(seconds), prices: [{ symbol: 'BTCUSDT', markPrice: index['BTC']!.toString() }, { symbol: 'ETHUSDC', markPrice: eth.toString() }] })) counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
          command = { type: 'collateralPrices', time: at(seconds), prices: [{ asset: 'BTC', indexPrice: index['BTC']!.toString() }] };
        }
        const events = h.run(command); // asserts conservation per asset
        for (const e of events) counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
        for (const a of accounts) for (const asset of ['USDT', 'USDC', 'BTC']) if (h.wallet(a, asset) < 0n) counts.set('loan-seen', (counts.get('loan-seen') ?? 0) + 1);
      }
      assert.ok((counts.get('loan-seen') ?? 0) > 0, JSON.stringify([...counts]));
      assert.ok((counts.get('liquidationStarted') ?? 0) > 0, JSON.stringify([...counts]));
      assert.ok((counts.get('collateralConverted') ?? 0) > 0, JSON.stringify([...counts]));
    });
  }
});
