/**
 * `margin risk --json` of an account with options (or under size-based futures margin): the
 * futures shape (`RiskJson`) plus `time`, the option positions with their Greeks and margin, and
 * the account's Greeks totals per base coin. Money rounds against the account like the futures
 * report; Greeks are float64 figures printed half-even to 12 decimals (docs/options.md).
 */
import { formatFixed, type Fixed } from '../num/index.js';
import { floatToUnits } from '../num/float.js';
import type { GreeksTotal, OptionPositionRisk, PositionGreeks, StandardAccountReport } from '../option-margin/account.js';
import { reportFormatter, riskReportToJson, type AccountJson, type RiskJson } from './risk-json.js';

export interface GreeksJson {
  deltaCoin: string;
  deltaQuote: string;
  gamma: string;
  vegaPerVolPoint: string;
  thetaPerDay: string;
}

export interface OptionPositionJson {
  symbol: string;
  kind: string;
  right: string;
  underlying: string;
  base: string;
  settle: string;
  strike: string;
  expiry: string;
  side: string;
  size: string;
  entryPrice: string;
  markPrice: string;
  markSource: string;
  volatility: string;
  volatilitySource: string;
  timeYears: string;
  underlyingPrice: string;
  indexPrice: string;
  forwardPrice: string;
  value: string;
  unrealizedPnl: string;
  initialMargin: string;
  maintenanceMargin: string;
  marginSnapshot: string;
  delta: string;
  greeks: GreeksJson;
}

export interface OptionsRiskJson extends RiskJson {
  time: string;
  account: AccountJson & { optionValue: string; optionValueInEquity: boolean };
  futuresMarginSnapshot: string | null;
  options: OptionPositionJson[];
  greeks: (GreeksJson & { base: string })[];
}

/** A float figure as a decimal string, half-even to 12 decimals. */
export function floatFixed12Text(value: number): string {
  const units = floatToUnits(value, 12, 'halfEven');
  return formatFixed(units * 10n ** 6n);
}

function greeksJson(greeks: Omit<PositionGreeks, 'delta'> | GreeksTotal): GreeksJson {
  return {
    deltaCoin: floatFixed12Text(greeks.deltaCoin),
    deltaQuote: floatFixed12Text(greeks.deltaQuote),
    gamma: floatFixed12Text(greeks.gamma),
    vegaPerVolPoint: floatFixed12Text(greeks.vegaPerVolPoint),
    thetaPerDay: floatFixed12Text(greeks.thetaPerDay),
  };
}

export function standardAccountToJson(report: StandardAccountReport): OptionsRiskJson {
  const base = riskReportToJson(report.futures);
  const f = reportFormatter(report.futures);
  const money = (value: Fixed, rounding: 'ceil' | 'floor'): string => f.money(value, rounding);
  const options = report.options.map((position: OptionPositionRisk): OptionPositionJson => {
    const { instrument } = position.option;
    return {
      symbol: instrument.symbol,
      kind: instrument.kind,
      right: instrument.right,
      underlying: instrument.underlying,
      base: instrument.base,
      settle: instrument.settle,
      strike: formatFixed(instrument.strike),
      expiry: new Date(instrument.expiryMs).toISOString(),
      side: position.side,
      size: formatFixed(position.size),
      entryPrice: formatFixed(position.entryPrice),
      markPrice: formatFixed(position.markPrice),
      markSource: position.markSource,
      volatility: floatFixed12Text(position.volatility),
      volatilitySource: position.volatilitySource,
      timeYears: floatFixed12Text(position.timeYears),
      underlyingPrice: formatFixed(position.option.underlyingPrice),
      indexPrice: formatFixed(position.option.indexPrice),
      forwardPrice: formatFixed(position.option.forwardPrice),
      value: money(position.value, 'floor'),
      unrealizedPnl: money(position.unrealizedPnl, 'floor'),
      initialMargin: money(position.initialMargin, 'ceil'),
      maintenanceMargin: money(position.maintenanceMargin, 'ceil'),
      marginSnapshot: position.marginSnapshot,
      delta: floatFixed12Text(position.greeks.delta),
      greeks: greeksJson(position.greeks),
    };
  });
  return {
    ...base,
    time: new Date(report.timeMs).toISOString(),
    account: { ...base.account, optionValue: money(report.optionValue, 'floor'), optionValueInEquity: report.optionValueInEquity },
    futuresMarginSnapshot: report.futuresMarginSnapshot,
    options,
    greeks: report.greeks.map((total) => ({ base: total.base, ...greeksJson(total) })),
  };
}
