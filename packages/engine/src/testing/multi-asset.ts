/**
 * Fixtures of multi-asset accounts for the engine's tests: a Binance engine with USDT, USDC and
 * BTC as collateral, the `margin risk` input file of an engine account, and `margin risk --json`
 * on such a file (the core functions the CLI runs).
 */
import assert from 'node:assert/strict';
import { computeMultiAssetRisk, formatFixed, formatUnits, multiAssetRiskToJson, parseMultiAssetRiskInput } from '@margin/core';
import { BTCUSDT_LINEAR_3TIER, ETHUSDT_LINEAR_2TIER, at } from '@margin/testkit';
import type { EngineState } from '../state/types.js';
import { poolAssets } from '../collateral/multi-asset-account.js';
import { Harness } from './harness.js';

/** The same ETH perpetual settled in USDC: a second settle asset in the pool. */
export const ETHUSDC = { ...ETHUSDT_LINEAR_2TIER, symbol: 'ETHUSDC', settle: 'USDC' };

/** A Binance engine: BTCUSDT, ETHUSDC; USDT, USDC, BTC as collateral by the 2021 snapshot (BTC 95%). */
export function binancePool(btc = '1', usdt = '0'): Harness {
  const h = new Harness({ profile: 'binance-usdm' });
  h.run({ type: 'instrument', instrument: BTCUSDT_LINEAR_3TIER });
  h.run({ type: 'instrument', instrument: ETHUSDC });
  h.run({ type: 'price', symbol: 'BTCUSDT', markPrice: '30000', indexPrice: '30000', time: at(0) });
  h.run({ type: 'price', symbol: 'ETHUSDC', markPrice: '2000', indexPrice: '2000', time: at(0) });
  h.run({ type: 'asset', asset: 'BTC', decimals: 8 });
  h.run({ type: 'asset', asset: 'USDC', decimals: 8 });
  for (const asset of ['USDT', 'USDC', 'BTC']) h.run({ type: 'collateralAsset', asset, snapshot: 'binance-multi-assets-2021-06-07' });
  h.run({ type: 'collateralPrices', time: at(0), prices: [{ asset: 'USDT', indexPrice: '1' }, { asset: 'USDC', indexPrice: '1' }, { asset: 'BTC', indexPrice: '30000' }] });
  if (btc !== '0') h.run({ type: 'deposit', account: 'alice', asset: 'BTC', amount: btc });
  if (usdt !== '0') h.run({ type: 'deposit', account: 'alice', asset: 'USDT', amount: usdt });
  return h;
}

/** The `margin risk` input file of an engine account (what an operator would export). */
export function accountFile(state: EngineState, accountId: string): Record<string, unknown> {
  const account = state.accounts.get(accountId);
  assert.ok(account !== undefined);
  const assets = poolAssets(state, account);
  const positions = [...account.positions.values()]
    .sort((a, b) => (a.key < b.key ? -1 : 1))
    .map((p) => ({ symbol: p.symbol, side: p.size > 0n ? 'long' : 'short', size: formatFixed(p.size > 0n ? p.size : -p.size), entryPrice: formatFixed(p.entryPrice) }));
  const symbols = [...new Set(positions.map((p) => p.symbol))];
  const instruments = symbols.map((symbol) => {
    const market = state.markets.get(symbol);
    assert.ok(market !== undefined && market.markPrice !== null);
    const source = symbol === 'ETHUSDC' ? ETHUSDC : BTCUSDT_LINEAR_3TIER;
    return { ...source, markPrice: formatFixed(market.markPrice) };
  });
  return {
    profile: state.profile.name,
    instruments,
    positions,
    collateral: {
      snapshot: account.collateralMode,
      assets: assets.map((asset) => {
        const ledger = state.assets.get(asset);
        const c = ledger?.collateral;
        assert.ok(ledger !== undefined && c !== undefined && c.indexPrice !== null);
        return {
          asset,
          quantity: formatUnits(account.wallets.get(asset) ?? 0n, ledger.decimals),
          indexPrice: formatFixed(c.indexPrice),
          haircut: { unit: c.haircut.unit, tiers: c.haircut.tiers.map((t) => (t.upTo === null ? { ratio: formatFixed(t.ratio) } : { upTo: formatFixed(t.upTo), ratio: formatFixed(t.ratio) })) },
          borrowable: true,
          borrowInitialRate: formatFixed(c.borrowInitialRate),
          borrowMaintenanceRate: formatFixed(c.borrowMaintenanceRate),
          ...(c.borrowLimit === null ? {} : { borrowLimit: formatFixed(c.borrowLimit) }),
        };
      }),
      ...(account.creditLine === null
        ? {}
        : { creditLine: { limit: formatFixed(account.creditLine.limit), used: formatFixed(account.creditLine.used), ...(account.creditLine.bands === null ? {} : { bands: { initial: formatFixed(account.creditLine.bands.initial), marginCall: formatFixed(account.creditLine.bands.marginCall), liquidation: formatFixed(account.creditLine.bands.liquidation) } }) } }),
    },
  };
}

/** `margin risk --json` on a file: the functions the CLI runs. */
export function marginRiskJson(file: unknown): unknown {
  return JSON.parse(JSON.stringify(multiAssetRiskToJson(computeMultiAssetRisk(parseMultiAssetRiskInput(file).request))));
}

