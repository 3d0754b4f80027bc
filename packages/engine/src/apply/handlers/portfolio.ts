/**
 * `setPortfolioMargin`: puts an account in portfolio margin with a portfolio record, or back to
 * per-position margin with `"off"`. Checks in order (the first failure wins):
 *
 *   account_not_found; span_parameters_unknown (model span without a loaded parameterSet, or
 *   parameterSet / accountClass with another model); portfolio_model_unknown (a name the engine cannot run);
 *   portfolio_isolated_not_allowed (an isolated position or an isolated symbol setting: the model
 *   margins the cross pool only); portfolio_model_cannot_hold (the account is in multi-asset
 *   collateral mode, or a position or open order whose symbol has no parameter set in the model); initial_margin_insufficient (a cross pool of the
 *   account would be below its initial margin plus open-order margin under the new regime).
 *
 * Then `portfolioMarginSet` and a risk review of every settle asset the account holds (the new
 * maintenance may call or liquidate at once). The scan confirms the cross pools of portfolio
 * accounts through their own float filter (portfolio-scan.ts, scan-index `setPoolFilter`).
 */
import type { SetPortfolioMarginCommand } from '../../commands/schema.js';
import type { Sink } from '../../events/sink.js';
import { reviewRisk } from '../../liquidation/run.js';
import { crossFigures, currentView } from '../../risk/pool-risk.js';
import type { Account, EngineState } from '../../state/types.js';
import { ENGINE_MODEL_NAMES, engineModel, paramsFor, type EngineModel } from '../../portfolio/portfolio-model.js';
import { confirmPortfolioPoolsExactly } from '../../portfolio/portfolio-scan.js';
import { portfolioModelsChanged } from '../../portfolio/model-epoch.js';
import { optionParamsMarket } from '../../portfolio/portfolio-options.js';
import { optionBookOf } from '../../state/option-book.js';
import { settleAssetsOf } from '../../state/settle-assets.js';
import { restoreSpanAccount, SPAN_MODEL, spanCannotHold, spanChoiceOf, swapSpanAccount } from '../../portfolio/span-account.js';

/** The option symbols the account holds, sorted. */
function optionSymbolsOf(state: EngineState, account: Account): string[] {
  return [...(optionBookOf(state)?.positions.get(account.id)?.keys() ?? [])].sort();
}

/** The symbols the account trades or orders in, sorted. */
function symbolsOf(account: Account): string[] {
  const symbols = new Set<string>();
  for (const position of account.positions.values()) symbols.add(position.symbol);
  for (const order of account.orders.values()) symbols.add(order.symbol);
  return [...symbols].sort();
}


/** Why the model cannot hold the account as it stands; null when it can. */
function cannotHold(state: EngineState, model: EngineModel, account: Account): string | null {
  for (const symbol of symbolsOf(account)) {
    const market = state.markets.get(symbol);
    if (market === undefined) continue;
    const params = paramsFor(model, market);
    if ('refusal' in params) return params.refusal;
  }
  for (const symbol of optionSymbolsOf(state, account)) {
    const market = optionParamsMarket(state, symbol);
    if (market === null) continue;
    const params = paramsFor(model, market);
    if ('refusal' in params) return params.refusal;
  }
  return null;
}

export function applySetPortfolioMargin(state: EngineState, command: SetPortfolioMarginCommand, out: Sink): void {
  const reject = out.reject.bind(out, command.type);
  const account = state.accounts.get(command.account);
  if (account === undefined) return reject('account_not_found');
  const name = command.model === 'off' ? null : command.model;
  const model = name === null ? null : engineModel(name);
  // SPAN (ADR 0035): the model names a loaded parameter set; its checks are span-account.ts's.
  const span = name === SPAN_MODEL ? spanChoiceOf(state, command) : null;
  if (span !== null && 'refusal' in span) return reject('span_parameters_unknown', span.refusal);
  if (span === null && (command.parameterSet !== undefined || command.accountClass !== undefined)) return reject('span_parameters_unknown', 'parameterSet and accountClass are for model "span" only');
  if (name !== null && model === null && span === null) {
    return reject('portfolio_model_unknown', `"${name}" is not a portfolio model the engine runs (known: ${ENGINE_MODEL_NAMES.join(', ')}, or "off"; span with a parameterSet loaded by spanParameters)`);
  }
  if (model !== null || span !== null) {
    // One model margins an account's cross pool: a multi-asset pool (ADR 0031) is not also a portfolio.
    if (account.collateralMode !== null) return reject('portfolio_model_cannot_hold', `the account is in multi-asset collateral mode (${account.collateralMode}): leave it first`);
    for (const position of account.positions.values()) {
      if (position.margin === 'isolated') return reject('portfolio_isolated_not_allowed', `position ${position.key} is isolated`);
    }
    for (const [symbol, setting] of account.settings) {
      if (setting.margin === 'isolated') return reject('portfolio_isolated_not_allowed', `symbol ${symbol} is set to isolated`);
    }
    const refusal = span !== null ? spanCannotHold(state, span.set, account) : model !== null ? cannotHold(state, model, account) : null;
    if (refusal !== null) return reject('portfolio_model_cannot_hold', refusal);
  }
  const previous = account.portfolioModel;
  const previousSpan = swapSpanAccount(state, account.id, span);
  account.portfolioModel = name;
  portfolioModelsChanged();
  for (const asset of settleAssetsOf(state, account, { options: true })) {
    const figures = crossFigures(state, account, currentView(state, account, asset));
    if (figures.free < 0n) {
      account.portfolioModel = previous;
      portfolioModelsChanged();
      restoreSpanAccount(state, account.id, previousSpan);
      return reject('initial_margin_insufficient', `${asset}: equity below initial margin plus open-order margin under ${name ?? 'per-position margin'}`);
    }
  }
  if (name !== null) confirmPortfolioPoolsExactly(state);
  out.emit({ type: 'portfolioMarginSet', account: account.id, model: name, ...(span === null ? {} : { parameterSet: span.set.id, accountClass: span.accountClass }) });
  reviewRisk(state, settleAssetsOf(state, account, { options: true }).map((asset) => ({ account, asset })), out);
}
