/**
 * Multi-asset mode in the engine (`setCollateralMode`, ADR 0031): refusals; the pool backs
 * pre-trade checks and limits withdrawals (haircut value, credit never withdrawable); snapshot
 * and preview keep it; and, for seeded accounts, the engine's figures are the figures
 * `margin risk --json` prints for the same account file (core's `parseMultiAssetRiskInput` +
 * `computeMultiAssetRisk` + `multiAssetRiskToJson`, what the CLI runs).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatUnits, multiAssetRiskToJson } from '@margin/core';
import { at } from '@margin/testkit';
import type { EngineEvent } from '../apply/apply-command.js';
import { parseCommand } from '../commands/parse-command.js';
import { preview } from '../preview/preview.js';
import { restoreState } from '../snapshot/restore.js';
import { snapshotState, stateHash } from '../snapshot/snapshot.js';
import { Harness } from '../testing/harness.js';
import { accountFile, binancePool, marginRiskJson } from '../testing/multi-asset.js';
import { seeded } from '../testing/seeded.js';
import { multiAssetPoolOf, multiAssetReportOf } from './multi-asset-account.js';
import { accountCollateralJson } from './account-collateral.js';
import { accountCollateralSchema, riskJsonSchema } from '@margin/wire';
import { accountRiskJson } from '../report/account-risk.js';

const rejection = (events: EngineEvent[]) => (events.length === 1 && events[0]?.type === 'rejected' ? events[0]['code'] : null);

const buy = (symbol: string, size: string, price: string, seconds = 1): Record<string, unknown> => ({ type: 'fill', account: 'alice', symbol, side: 'buy', size, price, fee: '0', time: at(seconds) });

describe('setCollateralMode', () => {
  it('refused where the venue record has no collateral snapshot, for an unknown snapshot, an isolated setting or an unknown account', () => {
    const plain = new Harness({ profile: 'dydx-v4' });
    plain.run({ type: 'deposit', account: 'alice', asset: 'USDC', amount: '10' });
    assert.equal(rejection(plain.run({ type: 'setCollateralMode', account: 'alice', mode: 'multi-asset' })), 'collateral_mode_unavailable');
    const h = binancePool();
    assert.equal(rejection(h.run({ type: 'setCollateralMode', account: 'alice', mode: 'multi-asset', snapshot: 'nope' })), 'collateral_mode_unavailable');
    assert.equal(rejection(h.run({ type: 'setCollateralMode', account: 'nobody', mode: 'multi-asset' })), 'account_not_found');
    h.run({ type: 'setMarginMode', account: 'alice', symbol: 'BTCUSDT', mode: 'isolated' });
    assert.equal(rejection(h.run({ type: 'setCollateralMode', account: 'alice', mode: 'multi-asset' })), 'collateral_mode_unavailable');
  });

  it('the account risk JSON of a multi-asset account carries the pool the engine margins, apart from the per-asset figures', () => {
    const h = binancePool('1');
    h.run(buy('BTCUSDT', '0.1', '30000'));
    assert.equal(accountRiskJson(h.state, 'alice')?.['multiAsset' as never], undefined);
    h.run({ type: 'setCollateralMode', account: 'alice', mode: 'multi-asset' });
    h.run(buy('BTCUSDT', '0.4', '30000', 2));
    const risk = accountRiskJson(h.state, 'alice');
    assert.ok(risk !== null);
    const parsed = riskJsonSchema.parse(risk);
    const pool = accountCollateralJson(h.state, 'alice');
    assert.ok(parsed.multiAsset !== undefined && pool !== null);
    assert.deepEqual(parsed.multiAsset, { mode: 'multi-asset', snapshot: 'binance-multi-assets-2022-07-06', account: pool.account });
    // The USDT part alone has no wallet: its own equity is the PnL, below its margin; the pool is not.
    assert.equal(parsed.multiAsset.account.liquidatable, false);
  });

  it('an account in multi-asset mode cannot also be put in portfolio margin', () => {
    const h = binancePool('1');
    h.run({ type: 'setCollateralMode', account: 'alice', mode: 'multi-asset' });
    const refused = h.run({ type: 'setPortfolioMargin', account: 'alice', model: 'okx-pm' });
    assert.equal(rejection(refused), 'portfolio_model_cannot_hold');
    assert.match(String(refused[0]?.['reason']), /multi-asset collateral mode/);
    assert.equal(h.state.accounts.get('alice')?.portfolioModel, null);
  });

  it('BTC collateral backs a USDT position only in multi-asset mode; the mode is in the event', () => {
    const h = binancePool('1');
    assert.equal(rejection(h.run(buy('BTCUSDT', '0.1', '30000'))), 'initial_margin_insufficient');
    const set = h.one({ type: 'setCollateralMode', account: 'alice', mode: 'multi-asset' });
    assert.deepEqual({ ...set, seq: 0, commandId: '' }, { type: 'collateralModeSet', account: 'alice', mode: 'multi-asset', snapshot: 'binance-multi-assets-2022-07-06', seq: 0, commandId: '' });
    assert.equal(h.run(buy('BTCUSDT', '0.1', '30000'))[0]?.type, 'filled');
    // 1 BTC at 95% = 28,500 USD of collateral cannot carry 100 BTC of position.
    assert.equal(rejection(h.run(buy('BTCUSDT', '100', '30000', 2))), 'initial_margin_insufficient');
    // Filled at the mark without a fee: the USDT wallet is untouched.
    assert.equal(h.wallet('alice', 'USDT'), 0n);
  });

  it('withdrawals: the haircut value of what stays covers IM; credit is never withdrawable', () => {
    const h = binancePool('1');
    h.run({ type: 'setCollateralMode', account: 'alice', mode: 'multi-asset' });
    h.run({ type: 'creditLine', account: 'alice', limit: '100000' });
    h.run(buy('BTCUSDT', '0.5', '30000'));
    const found = multiAssetPoolOf(h.state, h.state.accounts.get('alice')!);
    assert.ok(found !== null);
    const refused = h.run({ type: 'withdraw', account: 'alice', asset: 'BTC', amount: '1' });
    assert.equal(rejection(refused), 'available_balance_insufficient');
    const most = /at most ([0-9.]+) BTC/.exec(String(refused[0]?.['reason']))?.[1];
    assert.ok(most !== undefined && Number(most) > 0 && Number(most) < 1, String(refused[0]?.['reason']));
    // One unit more than the most is refused, the most itself passes; then own equity = IM.
    const units = BigInt(Math.round(Number(most) * 1e8));
    assert.equal(rejection(h.run({ type: 'withdraw', account: 'alice', asset: 'BTC', amount: formatUnits(units + 1n, 8) })), 'available_balance_insufficient');
    assert.equal(h.run({ type: 'withdraw', account: 'alice', asset: 'BTC', amount: formatUnits(units, 8) })[0]?.type, 'withdrawn');
    const after = multiAssetPoolOf(h.state, h.state.accounts.get('alice')!);
    assert.ok(after !== null);
    assert.ok(after.pool.ownEquity >= after.pool.initialMargin);
    // The undrawn credit (100,000) still backs the pool but none of it left.
    assert.ok(after.pool.equity - after.pool.ownEquity === 100000n * 10n ** 18n);
  });

  it('the API breakdown of a multi-asset account is the pool the engine margins, with liquidation prices', () => {
    const h = binancePool('1');
    h.run({ type: 'setCollateralMode', account: 'alice', mode: 'multi-asset' });
    h.run(buy('BTCUSDT', '2', '30000'));
    const json = accountCollateralJson(h.state, 'alice');
    assert.ok(json !== null);
    assert.equal(json.mode, 'multi-asset');
    assert.deepEqual(accountCollateralSchema.parse({ account: 'alice', pool: json }).pool, json);
    const cli = marginRiskJson(accountFile(h.state, 'alice')) as Record<string, unknown>;
    assert.deepEqual([json.account, json.collateral, json.credit, json.positions], [cli['account'], cli['collateral'], cli['credit'], cli['positions']]);
  });

  it('leaving the mode: refused with a loan or when a per-asset pool would be short; snapshot and preview keep the mode', () => {
    const h = binancePool('1');
    h.run({ type: 'setCollateralMode', account: 'alice', mode: 'multi-asset' });
    h.run(buy('BTCUSDT', '0.1', '30000'));
    assert.equal(rejection(h.run({ type: 'setCollateralMode', account: 'alice', mode: 'single-asset' })), 'initial_margin_insufficient');
    const text = snapshotState(h.state);
    assert.match(text, /"collateralMode":"binance-multi-assets-2022-07-06"/);
    const restored = restoreState(text);
    assert.equal(stateHash(restored), stateHash(h.state));
    assert.equal(restored.accounts.get('alice')?.collateralMode, 'binance-multi-assets-2022-07-06');
    const before = stateHash(h.state);
    preview(h.state, [parseCommand({ type: 'setCollateralMode', id: 'p1', account: 'alice', mode: 'single-asset' })]);
    assert.equal(stateHash(h.state), before);
    // A loan: USDT borrowed against BTC; leaving the mode is refused until it is covered.
    const g = binancePool('1');
    g.run({ type: 'collateralAsset', asset: 'USDT', snapshot: 'binance-multi-assets-2021-06-07', borrowable: true, borrowInitialRate: '0.1', borrowMaintenanceRate: '0.05' });
    g.run({ type: 'setCollateralMode', account: 'alice', mode: 'multi-asset' });
    g.run({ type: 'convertCollateral', account: 'alice', fromAsset: 'USDT', toAsset: 'BTC', quantity: '1000', fromIndex: '1', toIndex: '30000', time: at(1) });
    assert.ok(g.wallet('alice', 'USDT') < 0n);
    assert.equal(rejection(g.run({ type: 'setCollateralMode', account: 'alice', mode: 'single-asset' })), 'collateral_loans_outstanding');
  });
});

describe('the engine\'s figures equal `margin risk --json` on the same account file', () => {
  for (const seed of [3, 11, 29, 57]) {
    it(`seed ${seed}: after every accepted command of 60`, () => {
      const random = seeded(seed);
      const h = binancePool((1 + Math.floor(random() * 3)).toString(), Math.floor(random() * 5000).toString());
      h.run({ type: 'deposit', account: 'alice', asset: 'USDC', amount: Math.floor(random() * 3000).toString() });
      h.run({ type: 'setCollateralMode', account: 'alice', mode: 'multi-asset' });
      if (random() < 0.5) h.run({ type: 'creditLine', account: 'alice', limit: '20000', used: Math.floor(random() * 5000).toString(), bands: { initial: '0.5', marginCall: '0.7', liquidation: '0.9' } });
      let btc = 30000;
      let eth = 2000;
      let compared = 0;
      for (let step = 0; step < 60; step++) {
        const seconds = 10 + step * 10;
        const roll = random();
        if (roll < 0.5) {
          const symbol = random() < 0.5 ? 'BTCUSDT' : 'ETHUSDC';
          const price = symbol === 'BTCUSDT' ? btc : eth;
          const size = symbol === 'BTCUSDT' ? (0.001 * (1 + Math.floor(random() * 200))).toFixed(3) : (0.01 * (1 + Math.floor(random() * 300))).toFixed(2);
          h.run({ type: 'fill', account: 'alice', symbol, side: random() < 0.5 ? 'buy' : 'sell', size, price: price.toFixed(2), fee: '0', time: at(seconds) });
        } else {
          btc = Math.max(5000, Math.round(btc * (1 + (random() - 0.5) * 0.06)));
          eth = Math.max(300, Math.round(eth * (1 + (random() - 0.5) * 0.06)));
          h.run({ type: 'prices', time: at(seconds), prices: [{ symbol: 'BTCUSDT', markPrice: btc.toString() }, { symbol: 'ETHUSDC', markPrice: eth.toString() }] });
          h.run({ type: 'collateralPrices', time: at(seconds), prices: [{ asset: 'BTC', indexPrice: btc.toString() }, { asset: 'USDC', indexPrice: (0.998 + random() * 0.004).toFixed(4) }] });
        }
        const account = h.state.accounts.get('alice')!;
        const report = multiAssetReportOf(h.state, account);
        if (report === null || account.positions.size === 0) continue;
        const engine = JSON.parse(JSON.stringify(multiAssetRiskToJson(report)));
        assert.deepEqual(engine, marginRiskJson(accountFile(h.state, 'alice')));
        // The engine's fast pool (its checks and scan) is the report's pool.
        const fast = multiAssetPoolOf(h.state, account);
        assert.ok(fast !== null);
        assert.deepEqual({ ...fast.pool, snapshotId: '' }, { ...report.pool, snapshotId: '' });
        compared++;
      }
      assert.ok(compared > 10, `compared ${compared}`);
    });
  }
});
