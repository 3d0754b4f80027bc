/**
 * The risk scan's float filter for a portfolio pool (docs/portfolio-margin.md, "Scan of portfolio
 * accounts"): the pool's requirement estimated through the components kernel (risk arrays by
 * full revaluation, scenario vectors, the stated bound) and tested like any pool
 * (`levelMayChange`). It answers "confirm exactly" whenever it cannot bound the figures: a grid
 * model (`deribit-pm`), an inverse unit, long options only, a reduction-tier edge within the bound.
 * Sound by construction: a pool it lets through cannot change level or become liquidatable
 * (the property test of the kernel, and the engine's liquidation tests run through it).
 */
import { fixedToNumber, fromUnits, type PricedPosition } from '@margin/core';
import { assetDecimals, walletUnits } from '../ledger/ledger.js';
import type { Account, EngineState } from '../state/types.js';
import { COMPONENTS_SCAN_RELATIVE_BOUND, ComponentsScan, levelMayChange } from './components-scan.js';
import { modelOf } from './portfolio-account.js';
import { paramsFor, type ModelParams } from './portfolio-model.js';
import { pricedPositionOf } from './portfolio-position.js';
import { optionPositionsOf } from '../state/option-book.js';

interface Group {
  readonly params: Extract<ModelParams, { method: 'components' }>['params'];
  readonly priced: PricedPosition[];
  readonly entryValues: number[];
}

/** Whether the cross pool of (account, asset) in portfolio margin must be confirmed exactly. */
export function portfolioPoolMayChange(state: EngineState, account: Account, asset: string, level: number, thresholds: Float64Array, hysteresis: number): boolean {
  const model = modelOf(account);
  if (model === null || model.method !== 'components') return true;
  // Pools holding options are confirmed exactly on every price of an option or its underlying
  // (option-price.ts, ADR 0022); the filter has no option rows, so it lets none through either.
  if (optionPositionsOf(state, account.id, asset).length > 0) return true;
  const groups = new Map<string, Group>();
  let nowMs = 0;
  for (const position of account.positions.values()) {
    const market = state.markets.get(position.symbol);
    if (market === undefined || market.instrument.settle !== asset || position.margin !== 'cross') continue;
    if (market.markPrice === null) return true;
    const params = paramsFor(model, market);
    if ('refusal' in params || params.method !== 'components' || params.params.settlement !== 'linear') return true;
    if (market.priceTimeMs !== null && market.priceTimeMs > nowMs) nowMs = market.priceTimeMs;
    let group = groups.get(params.key);
    if (group === undefined) groups.set(params.key, (group = { params: params.params, priced: [], entryValues: [] }));
    const priced = pricedPositionOf(position, market);
    group.priced.push(priced);
    group.entryValues.push(fixedToNumber(position.entryPrice) * priced.position.multiplier);
  }
  const balance = fixedToNumber(fromUnits(walletUnits(account, asset), assetDecimals(state, asset)));
  let maintenance = 0;
  let equity = balance;
  let delta = COMPONENTS_SCAN_RELATIVE_BOUND * Math.abs(balance) * 4;
  for (const group of groups.values()) {
    const n = group.priced.length;
    const kernel = new ComponentsScan(group.params, n, 1);
    group.priced.forEach((priced, row) => kernel.setInstrument(row, priced, nowMs));
    const rows = Int32Array.from({ length: n }, (_, i) => i);
    const quantities = Float64Array.from(group.priced, (p) => p.position.quantity);
    kernel.rebuild(0, rows, quantities, Float64Array.from(group.entryValues), 0, n, 0);
    const figures = kernel.figures(0);
    if (figures.exactOnly) return true;
    maintenance += figures.maintenance;
    equity += figures.equity;
    delta += figures.delta;
  }
  return levelMayChange(maintenance, equity, delta, level, thresholds, hysteresis);
}
