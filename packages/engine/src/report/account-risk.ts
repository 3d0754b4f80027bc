/** Read-side queries: an account's risk in the `margin risk --json` shape, account ids, balances. */
import { multiAssetRiskToJson, riskReportToJson, type MultiAssetAccountJson, type PositionJson, type RiskJson } from '@margin/core';
import { adlRanks, type AdlRankJson } from '../liquidation/adl-ranks.js';
import type { EngineState } from '../state/types.js';
import { currentView, riskOfView } from '../risk/pool-risk.js';
import { withOptions } from './account-options.js';
import { optionPositionsOf } from '../state/option-book.js';
import { portfolioBreakdownJson, type PortfolioBreakdownJson } from '../portfolio/portfolio-json.js';
import { multiAssetReportOf } from '../collateral/multi-asset-account.js';

/** The settle asset to report when none is named: cross positions first, then any position, then wallets. */
function defaultAsset(state: EngineState, accountId: string): string | null {
  const account = state.accounts.get(accountId);
  if (account === undefined) return null;
  const positions = [...account.positions.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const settleOf = (symbol: string): string | undefined => state.markets.get(symbol)?.instrument.settle;
  const cross = positions.find((position) => position.margin === 'cross');
  const first = cross ?? positions[0];
  if (first !== undefined) return settleOf(first.symbol) ?? null;
  return [...account.wallets.keys()].sort()[0] ?? null;
}

/**
 * Risk of one account in one settle asset (default: see above) with liquidation and bankruptcy
 * prices, as `margin risk --json` prints it; null for an unknown account, one with no asset, or an
 * asset no command has named (a read never creates a ledger: the state hash must not move).
 */
export function accountRiskJson(state: EngineState, account: string, asset?: string, options: AccountRiskOptions = {}): RiskJson | null {
  const found = state.accounts.get(account);
  const settle = asset ?? defaultAsset(state, account);
  if (found === undefined || settle === null || !state.assets.has(settle)) return null;
  const view = currentView(state, found, settle);
  const report = riskOfView(state, found, view, true);
  // With options in this asset: the `margin risk --json` shape of an account with options (ADR 0022).
  const json = withOptions(state, found, settle, report, riskReportToJson(report));
  // An account in portfolio margin: the breakdown its requirement comes from.
  const portfolio = portfolioBreakdownJson(state, found, view.positions, optionPositionsOf(state, found.id, settle));
  if (portfolio !== null) (json as RiskJson & { portfolio?: PortfolioBreakdownJson }).portfolio = portfolio;
  // An account in multi-asset mode: the per-asset figures above are not its requirement; the pool is.
  const pool = found.collateralMode === null ? null : multiAssetReportOf(state, found);
  if (pool !== null && found.collateralMode !== null) {
    (json as RiskJson & { multiAsset?: MultiAssetJson }).multiAsset = { mode: 'multi-asset', snapshot: found.collateralMode, account: multiAssetRiskToJson(pool).account };
  }
  if (options.adl === true) {
    const ranks = new Map<string, AdlRankJson[]>();
    view.positions.forEach((position, i) => {
      let rows = ranks.get(position.symbol);
      if (rows === undefined) {
        rows = adlRanks(state, position.symbol);
        ranks.set(position.symbol, rows);
      }
      const row = rows.find((candidate) => candidate.account === account && candidate.positionKey === position.key);
      const target = json.positions[i] as (PositionJson & { adl?: AdlRankJson }) | undefined;
      if (row !== undefined && target !== undefined) target.adl = row;
    });
  }
  return json;
}

/** `multiAsset` of the account risk JSON: the pool an account in multi-asset mode is margined on. */
export interface MultiAssetJson {
  readonly mode: 'multi-asset';
  readonly snapshot: string;
  readonly account: MultiAssetAccountJson;
}

export interface AccountRiskOptions {
  /**
   * Add each position's place in the ADL queue of its symbol and side (`adl`: rank, count,
   * quantile, indicator 1-5, score). It ranks every holder of the symbol, so it costs about one
   * risk evaluation per holder; off by default.
   */
  readonly adl?: boolean;
}

export function accountIds(state: EngineState): string[] {
  return [...state.accounts.keys()].sort();
}
