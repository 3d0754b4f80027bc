/**
 * The hooks by which an account in portfolio margin gets its requirement from the portfolio model
 * (docs/portfolio-margin.md, "Accounts in portfolio margin"): the risk report of a pool view
 * (pre-trade checks, withdrawals, margin calls, liquidation, preview all read it) and the fast
 * pool figures of the margin-call review and the liquidation trigger. Only the account figures
 * change: initial = portfolio initial, maintenance = portfolio maintenance, and what derives from
 * them (margin ratio, available balance, liquidatable). The per-position figures of the report
 * stay the standalone (tier) ones, for information. The account's option positions are in the
 * model too (portfolio-options.ts); their standard requirement is not added (option-requirement.ts
 * gives 0 at pool level for a portfolio account), their value stays in equity.
 */
import { marginRatio, max, type Fixed, type RiskReport } from '@margin/core';
import type { Account, EngineState } from '../state/types.js';
import { engineModel, paramsFor, type EngineModel } from './portfolio-model.js';
import { portfolioRequirement, type PortfolioRequirement } from './portfolio-requirement.js';
import type { HeldPosition } from './portfolio-position.js';
import { optionParamsMarket, type HeldOption } from './portfolio-options.js';
import { optionMarket, optionPositionsOf } from '../state/option-book.js';
import { isSpanAccount, spanAccountRefusal, spanAccountRequirement } from './span-account.js';

/** The account's model, or null when it is in per-position margin or in SPAN margin (span-account.ts, its own branch in each hook here). */
export function modelOf(account: Account): EngineModel | null {
  if (account.portfolioModel === null || isSpanAccount(account)) return null;
  const model = engineModel(account.portfolioModel);
  if (model === null) throw new RangeError(`condition failed: portfolio model ${account.portfolioModel} is runnable`);
  return model;
}

/** The requirement of cross positions (of one settle asset) under the account's model; null when not in portfolio margin. */
export function accountRequirement(
  state: EngineState,
  account: Account,
  positions: readonly (HeldPosition & { readonly margin: string })[],
  options: readonly HeldOption[] = [],
): PortfolioRequirement | null {
  if (isSpanAccount(account)) return spanAccountRequirement(state, account, positions.filter((p) => p.margin === 'cross'), options);
  const model = modelOf(account);
  if (model === null) return null;
  return portfolioRequirement(state, model, positions.filter((p) => p.margin === 'cross'), options);
}

/**
 * The report with the account figures from the portfolio model (unchanged for per-position
 * accounts); `options` are the pool's option holdings, `optionEquity` what they add to equity
 * (the report's equity stays the futures' one, as for per-position accounts; the ratio, available
 * balance and liquidatable flag count the options' value).
 */
export function withPortfolioFigures(
  state: EngineState,
  account: Account,
  positions: readonly (HeldPosition & { readonly margin: string })[],
  report: RiskReport,
  options: readonly HeldOption[] = [],
  optionEquity: Fixed = 0n,
): RiskReport {
  const requirement = accountRequirement(state, account, positions, options);
  if (requirement === null) return report;
  const { orderMargin } = report.account;
  const equity = report.account.equity + optionEquity;
  const hasCross = options.length > 0 || positions.some((p) => p.margin === 'cross');
  return {
    ...report,
    account: {
      ...report.account,
      initialMargin: requirement.initial,
      maintenanceMargin: requirement.maintenance,
      marginRatio: marginRatio(requirement.maintenance, equity),
      availableBalance: max(0n, equity - requirement.initial - orderMargin),
      liquidatable: hasCross && equity < requirement.maintenance,
    },
  };
}

/** Portfolio maintenance of the account's cross positions in `asset`; null when not in portfolio margin. */
export function portfolioMaintenance(state: EngineState, account: Account, asset: string): Fixed | null {
  if (account.portfolioModel === null) return null;
  const positions: (HeldPosition & { margin: string })[] = [];
  for (const position of account.positions.values()) {
    if (state.markets.get(position.symbol)?.instrument.settle === asset) positions.push(position);
  }
  positions.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return accountRequirement(state, account, positions, optionPositionsOf(state, account.id, asset))?.maintenance ?? null;
}

/** Why the account's model cannot hold a trade or order in `symbol`; null when it can (or the account is per-position). */
export function portfolioRefusal(state: EngineState, account: Account, symbol: string): string | null {
  if (isSpanAccount(account)) return spanAccountRefusal(state, account, symbol);
  const model = modelOf(account);
  if (model === null) return null;
  if (optionMarket(state, symbol) !== null) return optionRefusal(state, model, symbol);
  const market = state.markets.get(symbol);
  if (market === undefined) return null;
  const params = paramsFor(model, market);
  return 'refusal' in params ? params.refusal : null;
}

/** Why the model cannot hold the option `symbol` (its risk unit or settlement); null when it can. */
function optionRefusal(state: EngineState, model: EngineModel, symbol: string): string | null {
  const market = optionParamsMarket(state, symbol);
  if (market === null) return null;
  const params = paramsFor(model, market);
  return 'refusal' in params ? params.refusal : null;
}
