/**
 * The options part of an account's risk JSON (ADR 0022): with option positions in the settle
 * asset, `accountRiskJson` returns the `margin risk --json` shape of an account with options
 * (core `OptionsRiskJson`): the futures report, the account figures with the options' value and
 * requirement added (the engine's own, option-requirement.ts), each option position with its
 * Greeks and margin, and the Greeks totals per base coin (delta in coin and in quote, gamma, vega,
 * theta) including the coin delta of futures on an option's underlying.
 *
 * Greeks are core's (Black-76 at the volatility implied by the engine's mark, or at the mark IV
 * where the mark is too small to imply one); float64 figures printed to 12 decimals.
 */
import {
  InputError,
  computeStandardAccount,
  floatFixed12Text,
  formatFixed,
  isInverse,
  marginRatio,
  max,
  mul,
  reportFormatter,
  standardAccountToJson,
  type MarkedOption,
  type OptionsRiskJson,
  type RiskJson,
  type RiskReport,
} from '@margin/core';
import type { EngineState } from '../state/types.js';
import { optionMarket, optionPositionsOf, type OptionPosition } from '../state/option-book.js';
import { optionRequirement, optionRules, underlyingOf, type OptionPositionFigures } from '../risk/option-requirement.js';
import type { Account } from '../state/types.js';

type OptionJson = OptionsRiskJson['options'][number];

/** One option position through core's standard account report (its Greeks and margin). */
function optionJson(state: EngineState, position: OptionPosition, figures: OptionPositionFigures, timeMs: number, futures: RiskReport): OptionJson {
  const market = optionMarket(state, position.symbol);
  if (market === null || market.markPrice === null) throw new RangeError(`condition failed: option ${position.symbol} has a mark`);
  const { mark, index } = underlyingOf(state, market);
  const marked = (markIv: boolean): MarkedOption => ({
    instrument: market.instrument,
    markPrice: markIv ? null : market.markPrice,
    markIv: markIv ? market.markIv : null,
    underlyingPrice: mark,
    indexPrice: index,
    forwardPrice: mark,
    marginSnapshot: market.marginSnapshot,
  });
  const run = (option: MarkedOption): OptionJson | undefined => {
    const report = computeStandardAccount(
      { profile: state.profile, account: { balance: 0n, positionMode: 'one-way', asset: market.instrument.settle, orderMargin: 0n }, instruments: new Map(), markPrices: new Map(), positions: [] },
      {
        timeMs,
        options: new Map([[position.symbol, option]]),
        positions: [{ symbol: position.symbol, side: position.size > 0n ? 'long' : 'short', size: position.size > 0n ? position.size : -position.size, entryPrice: position.entryPrice }],
      },
      optionRules(state),
      state.profile.name,
    );
    return standardAccountToJson({ ...report, futures: { ...report.futures, profile: futures.profile } }).options[0];
  };
  let json: OptionJson | undefined;
  try {
    json = run(marked(false));
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    // The mark implies no volatility (at a no-arbitrage bound, e.g. 0 deep out of the money):
    // Greeks at the mark IV when there is one, else at a 0.01% volatility (all about 0).
    json = run(market.markIv !== null ? marked(true) : { ...marked(true), markIv: 10n ** 14n });
  }
  if (json === undefined) throw new RangeError(`condition failed: option ${position.symbol} is reported`);
  // Money as the engine holds it (the same kernel formulas; the engine's mark on the tick).
  const f = reportFormatter(futures);
  return {
    ...json,
    markPrice: formatFixed(figures.markPrice),
    value: f.money(figures.value, 'floor'),
    unrealizedPnl: f.money(figures.unrealizedPnl, 'floor'),
    initialMargin: f.money(figures.initialMargin, 'ceil'),
    maintenanceMargin: f.money(figures.maintenanceMargin, 'ceil'),
    marginSnapshot: figures.marginSnapshot,
  };
}

/** The risk JSON with the account's options, or `json` unchanged when it holds none in `asset`. */
export function withOptions(state: EngineState, account: Account, asset: string, report: RiskReport, json: RiskJson): RiskJson | OptionsRiskJson {
  const held = optionPositionsOf(state, account.id, asset);
  if (held.length === 0) return json;
  const figures = optionRequirement(state, account.id, asset);
  const timeMs = Math.max(...held.map((position) => {
    const market = optionMarket(state, position.symbol);
    return market === null ? 0 : underlyingOf(state, market).timeMs;
  }));
  const options = held.map((position, i) => optionJson(state, position, figures.positions[i] as OptionPositionFigures, timeMs, report));
  const f = reportFormatter(report);
  const a = report.account;
  const equity = a.equity + figures.equity;
  const initialMargin = a.initialMargin + figures.initialMargin;
  const maintenanceMargin = a.maintenanceMargin + figures.maintenanceMargin;
  const optionValue = figures.positions.reduce((sum, position) => sum + position.value, 0n);
  return {
    ...json,
    // A futures liquidation price would ignore the options (their value moves with the underlying):
    // not solved, as `margin risk` does with options.
    positions: json.positions.map((position) => ({ ...position, liquidationPrice: null, bankruptcyPrice: null })),
    time: new Date(timeMs).toISOString(),
    account: {
      ...json.account,
      equity: f.money(equity, 'floor'),
      initialMargin: f.money(initialMargin, 'ceil'),
      maintenanceMargin: f.money(maintenanceMargin, 'ceil'),
      marginRatio: f.ratio(marginRatio(maintenanceMargin, equity)),
      availableBalance: f.money(max(0n, equity - initialMargin - a.orderMargin), 'floor'),
      liquidatable: equity < maintenanceMargin,
      optionValue: f.money(optionValue, 'floor'),
      optionValueInEquity: optionRules(state)?.optionValueInEquity ?? true,
    },
    futuresMarginSnapshot: null,
    options,
    greeks: greeksTotals(options, report),
  };
}

/** Sums of the positions' Greeks per base coin, plus the coin delta of futures on an option's underlying. */
function greeksTotals(options: readonly OptionJson[], futures: RiskReport): OptionsRiskJson['greeks'] {
  const totals = new Map<string, { deltaCoin: number; deltaQuote: number; gamma: number; vegaPerVolPoint: number; thetaPerDay: number }>();
  const at = (base: string) => {
    let total = totals.get(base);
    if (total === undefined) totals.set(base, (total = { deltaCoin: 0, deltaQuote: 0, gamma: 0, vegaPerVolPoint: 0, thetaPerDay: 0 }));
    return total;
  };
  for (const option of options) {
    const total = at(option.base);
    total.deltaCoin += Number(option.greeks.deltaCoin);
    total.deltaQuote += Number(option.greeks.deltaQuote);
    total.gamma += Number(option.greeks.gamma);
    total.vegaPerVolPoint += Number(option.greeks.vegaPerVolPoint);
    total.thetaPerDay += Number(option.greeks.thetaPerDay);
  }
  for (const position of futures.positions) {
    const base = options.find((option) => option.underlying === position.spec.symbol)?.base;
    if (base === undefined) continue;
    const sign = position.spec.side === 'long' ? 1 : -1;
    const coins = Number(isInverse(position.instrument.kind) ? position.notional : mul(position.spec.size, position.instrument.contractSize, 'ceil')) / 1e18;
    const total = at(base);
    total.deltaCoin += sign * coins;
    total.deltaQuote += (sign * coins * Number(position.markPrice)) / 1e18;
  }
  return [...totals.entries()].map(([base, total]) => ({
    base,
    deltaCoin: floatFixed12Text(total.deltaCoin),
    deltaQuote: floatFixed12Text(total.deltaQuote),
    gamma: floatFixed12Text(total.gamma),
    vegaPerVolPoint: floatFixed12Text(total.vegaPerVolPoint),
    thetaPerDay: floatFixed12Text(total.thetaPerDay),
  }));
}
