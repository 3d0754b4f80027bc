/**
 * How much of a short option liquidation buys back (issue 10). The venue record's
 * `standardOptions.shortOptionLiquidation` names the rule: `restore` (Deribit's incremental
 * liquidation: a part of the position per step, stopping once the maintenance margin is below the
 * margin balance again) buys back the smallest number of lot steps (the option's lot size, or 1
 * contract without one: Deribit's published step) after which the pool's equity is at or above
 * its maintenance margin, or the whole position when no number of steps gets there; `full` (and
 * records without the field) buys back the whole position.
 *
 * The size is found by bisection over the number of steps on the pool's figures after a buy-back,
 * computed exactly with the options' requirement on the reduced holdings (`optionRequirement`
 * what-if) and the cash paid (coins x mark, rounded up to the asset's units). The caller applies
 * the buy-back and checks the pool again, so a prediction that falls short only costs one more step.
 */
import { mul, roundDecimals, type Fixed } from '@margin/core';
import { assetLedger } from '../ledger/ledger.js';
import { optionRequirement, optionRules, type OptionHolding, type OptionPositionFigures } from '../risk/option-requirement.js';
import { optionMarket, optionPositionsOf } from '../state/option-book.js';
import type { EngineState } from '../state/types.js';

const ONE_CONTRACT = 10n ** 18n;

/** The venue's rule for short options in liquidation. */
export function shortOptionRule(state: EngineState): 'restore' | 'full' {
  return optionRules(state)?.shortOptionLiquidation?.rule ?? 'full';
}

/** Contracts (> 0, at most the position's) a liquidation buys back of the short `position` now. */
export function shortBuyBackSize(state: EngineState, accountId: string, asset: string, position: OptionPositionFigures, pool: { equity: Fixed; maintenance: Fixed }): Fixed {
  const held = -position.size;
  const market = optionMarket(state, position.symbol);
  if (shortOptionRule(state) !== 'restore' || market === null) return held;
  const step = market.instrument.lotSize ?? ONE_CONTRACT;
  const steps = (held + step - 1n) / step;
  if (steps <= 1n) return held;
  const decimals = assetLedger(state, asset).decimals;
  const holdings = optionPositionsOf(state, accountId, asset).map((h): OptionHolding => ({ symbol: h.symbol, size: h.size, entryPrice: h.entryPrice }));
  const now = optionRequirement(state, accountId, asset, holdings);
  const restoredAfter = (k: bigint): boolean => {
    const bought = k * step < held ? k * step : held;
    const reduced = holdings.map((h) => (h.symbol === position.symbol ? { ...h, size: h.size + bought } : h)).filter((h) => h.size !== 0n);
    const after = optionRequirement(state, accountId, asset, reduced);
    const cash = roundDecimals(mul(mul(bought, market.instrument.contractSize, 'ceil'), position.markPrice, 'ceil'), decimals, 'ceil');
    const equity = pool.equity - now.equity + after.equity - cash;
    const maintenance = pool.maintenance - now.maintenanceMargin + after.maintenanceMargin;
    return equity >= maintenance;
  };
  // Smallest k in [1, steps] that restores; `steps` (the whole position) when none does.
  let low = 1n;
  let high = steps;
  while (low < high) {
    const mid = (low + high) / 2n;
    if (restoredAfter(mid)) high = mid;
    else low = mid + 1n;
  }
  return low * step < held ? low * step : held;
}
