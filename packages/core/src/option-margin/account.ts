/**
 * One account of futures and options under a venue's standard options margin: options and futures
 * of one settle asset share the cross pool. Futures keep the kernel's tiered requirements, or the
 * venue's size-based snapshot where it has one (Deribit); short options are margined by the
 * venue's dated snapshot, long options need nothing beyond their premium. Equity counts the
 * options' mark value where the venue does. Greeks are float64 scenario figures (docs/options.md).
 *
 * Positions of one option series are netted first (hedge-mode long and short of one symbol are one
 * net position), so a short and a long of the same series need nothing.
 */
import { InputError } from '../errors.js';
import { abs, max, mul, roundToStep, type Fixed } from '../num/fixed.js';
import { floatToFixed } from '../num/float.js';
import { isInverse } from '../instrument/instrument.js';
import { computeRisk } from '../risk/compute-risk.js';
import { marginRatio } from '../risk/ratio.js';
import type { AccountRisk, PositionRisk, RiskReport, RiskRequest } from '../risk/types.js';
import { black76Greeks, GREEK_DELTA, GREEK_GAMMA, GREEK_SLOTS, GREEK_THETA, GREEK_VEGA, DAYS_PER_YEAR, MS_PER_YEAR } from '../options/black76.js';
import { impliedVolatility } from '../options/implied-volatility.js';
import type { MarkedOption } from '../instrument/option-instrument.js';
import { optionPositionRequirement, sizeBasedRequirement } from './formulas.js';
import { optionMarginSnapshot, sizeBasedFuturesSnapshot } from './resolve.js';
import type { StandardOptionsRules } from './rules.js';

const E18 = 10n ** 18n;

export interface OptionPositionSpec {
  readonly symbol: string;
  readonly side: 'long' | 'short';
  readonly size: Fixed;
  readonly entryPrice: Fixed;
}

export interface OptionBook {
  readonly timeMs: number;
  readonly options: ReadonlyMap<string, MarkedOption>;
  readonly positions: readonly OptionPositionSpec[];
}

/** Float64 Greeks of a position (signed by side), in the units docs/options.md names. */
export interface PositionGreeks {
  /** Black-76 delta per coin (quote), unsigned by size. */
  readonly delta: number;
  /** Coins of exposure: size x (delta, or delta - price/F for inverse). */
  readonly deltaCoin: number;
  /** deltaCoin x the underlying's price, quote. */
  readonly deltaQuote: number;
  /** Coins per 1 quote move of the underlying: size x gamma. */
  readonly gamma: number;
  /** Value change per volatility point, premium unit. */
  readonly vegaPerVolPoint: number;
  /** Value change per calendar day, premium unit. */
  readonly thetaPerDay: number;
}

export interface OptionPositionRisk {
  readonly option: MarkedOption;
  readonly side: 'long' | 'short';
  /** Net contracts, > 0. */
  readonly size: Fixed;
  readonly entryPrice: Fixed;
  /** Mark per coin in the premium unit (from markPrice, or Black-76 at markIv rounded against the account). */
  readonly markPrice: Fixed;
  readonly markSource: 'input' | 'mark-iv';
  readonly volatility: number;
  readonly volatilitySource: 'mark-iv' | 'implied';
  readonly timeYears: number;
  /** Signed mark value: long +, short - (premium unit). */
  readonly value: Fixed;
  readonly unrealizedPnl: Fixed;
  readonly initialMargin: Fixed;
  readonly maintenanceMargin: Fixed;
  readonly marginSnapshot: string;
  readonly greeks: PositionGreeks;
}

export interface GreeksTotal {
  readonly base: string;
  readonly deltaCoin: number;
  readonly deltaQuote: number;
  readonly gamma: number;
  readonly vegaPerVolPoint: number;
  readonly thetaPerDay: number;
}

export interface StandardAccountReport {
  readonly timeMs: number;
  /** The futures positions (requirements size-based where the venue says so; no liquidation prices). */
  readonly futures: RiskReport;
  readonly futuresMarginSnapshot: string | null;
  readonly options: readonly OptionPositionRisk[];
  readonly optionValue: Fixed;
  readonly optionValueInEquity: boolean;
  readonly account: AccountRisk;
  readonly greeks: readonly GreeksTotal[];
}

const scratch = new Float64Array(GREEK_SLOTS);
const toFloat = (value: Fixed): number => Number(value) / 1e18;

/** Net the positions of each series: signed size sum, entry as the size-weighted entry of the side that remains. */
export function netOptionPositions(positions: readonly OptionPositionSpec[]): OptionPositionSpec[] {
  const bySymbol = new Map<string, { signed: Fixed; cost: Fixed; sideSize: Fixed; side: 'long' | 'short' }[]>();
  for (const position of positions) {
    const list = bySymbol.get(position.symbol) ?? [];
    list.push({ signed: position.side === 'long' ? position.size : -position.size, cost: mul(position.size, position.entryPrice, 'halfEven'), sideSize: position.size, side: position.side });
    bySymbol.set(position.symbol, list);
  }
  const out: OptionPositionSpec[] = [];
  for (const [symbol, list] of bySymbol) {
    const net = list.reduce((sum, item) => sum + item.signed, 0n);
    if (net === 0n) continue;
    const side = net > 0n ? 'long' : 'short';
    const same = list.filter((item) => item.side === side);
    const sameSize = same.reduce((sum, item) => sum + item.sideSize, 0n);
    const sameCost = same.reduce((sum, item) => sum + item.cost, 0n);
    // Rounded up: the conservative side for a short (Bybit's max(entry, mark)) and for a long's PnL.
    out.push({ symbol, side, size: abs(net), entryPrice: (sameCost * E18 + sameSize - 1n) / sameSize });
  }
  return out;
}

function optionRisk(option: MarkedOption, spec: OptionPositionSpec, timeMs: number, rules: StandardOptionsRules | null, venueName: string, index: number): OptionPositionRisk {
  const { instrument } = option;
  const inverse = instrument.kind === 'inverse-option';
  const isCall = instrument.right === 'call';
  const timeYears = (instrument.expiryMs - timeMs) / MS_PER_YEAR;
  const forward = toFloat(option.forwardPrice);
  const strike = toFloat(instrument.strike);
  let markPrice: Fixed;
  let volatility: number;
  if (option.markPrice !== null) {
    markPrice = option.markPrice;
    const quotePrice = toFloat(markPrice) * (inverse ? forward : 1);
    try {
      volatility = impliedVolatility(isCall, forward, strike, timeYears, quotePrice);
    } catch (error) {
      if (error instanceof InputError) {
        const where = inverse ? 'in quote units (markPrice x forward): ' : '';
        throw new InputError(['options', index, 'markPrice'], `${where}${error.rule}`);
      }
      throw error;
    }
  } else {
    volatility = toFloat(option.markIv ?? 0n);
    const quotePrice = black76Greeks(isCall, forward, strike, timeYears, volatility, 0, scratch);
    // On the option's tick, as venues publish marks; a short's mark rounds up (its value is owed),
    // a long's down (a credit).
    const rounding = spec.side === 'short' ? 'ceil' : 'floor';
    markPrice = roundToStep(floatToFixed(inverse ? quotePrice / forward : quotePrice, rounding), instrument.tickSize, rounding);
  }
  black76Greeks(isCall, forward, strike, timeYears, volatility, 0, scratch);
  const priceQuote = scratch[0] ?? 0;
  const quantityCoins = mul(spec.size, instrument.contractSize, 'ceil');
  const q = toFloat(quantityCoins) * (spec.side === 'long' ? 1 : -1);
  const delta = scratch[GREEK_DELTA] ?? 0;
  const deltaPerCoin = inverse ? delta - priceQuote / forward : delta;
  const unit = inverse ? 1 / forward : 1;
  const greeks: PositionGreeks = {
    delta,
    deltaCoin: q * deltaPerCoin,
    deltaQuote: q * deltaPerCoin * toFloat(option.underlyingPrice),
    gamma: q * (scratch[GREEK_GAMMA] ?? 0),
    vegaPerVolPoint: (q * (scratch[GREEK_VEGA] ?? 0) * unit) / 100,
    thetaPerDay: (q * (scratch[GREEK_THETA] ?? 0) * unit) / DAYS_PER_YEAR,
  };
  const snapshot = optionMarginSnapshot(rules, venueName, instrument.kind, instrument.base, timeMs, option.marginSnapshot, ['options', index, 'marginSnapshot']);
  const requirement = optionPositionRequirement(snapshot.formula, spec.side, quantityCoins, {
    kind: instrument.kind,
    right: instrument.right,
    strike: instrument.strike,
    mark: markPrice,
    entry: spec.entryPrice,
    underlying: option.underlyingPrice,
    index: option.indexPrice,
    forward: option.forwardPrice,
  });
  const value = spec.side === 'long' ? mul(quantityCoins, markPrice, 'floor') : -mul(quantityCoins, markPrice, 'ceil');
  const cost = spec.side === 'long' ? mul(quantityCoins, spec.entryPrice, 'ceil') : -mul(quantityCoins, spec.entryPrice, 'floor');
  return {
    option,
    side: spec.side,
    size: spec.size,
    entryPrice: spec.entryPrice,
    markPrice,
    markSource: option.markPrice !== null ? 'input' : 'mark-iv',
    volatility,
    volatilitySource: option.markPrice !== null ? 'implied' : 'mark-iv',
    timeYears,
    value,
    unrealizedPnl: value - cost,
    initialMargin: requirement.initial,
    maintenanceMargin: requirement.maintenance,
    marginSnapshot: snapshot.id,
    greeks,
  };
}

/** Replace tiered futures requirements by the venue's size-based snapshot, when it has one. */
function sizeBased(report: RiskReport, rules: StandardOptionsRules | null, timeMs: number): { report: RiskReport; snapshot: string | null } {
  let used: string | null = null;
  const positions: PositionRisk[] = report.positions.map((position) => {
    const base = isInverse(position.instrument.kind) ? position.instrument.settle : '';
    const snapshot = sizeBasedFuturesSnapshot(rules, base, timeMs);
    if (snapshot === null) return position;
    used = snapshot.id;
    const sizeCoins = isInverse(position.instrument.kind) ? position.valueNotional : mul(position.spec.size, position.instrument.contractSize, 'ceil');
    return {
      ...position,
      initialMargin: sizeBasedRequirement(position.valueNotional, sizeCoins, snapshot.initialBase, snapshot.ratePerCoin),
      maintenanceMargin: sizeBasedRequirement(position.valueNotional, sizeCoins, snapshot.maintenanceBase, snapshot.ratePerCoin) + position.closeFee,
    };
  });
  return { report: { ...report, positions }, snapshot: used };
}

export function computeStandardAccount(request: RiskRequest, book: OptionBook, rules: StandardOptionsRules | null, venueName: string): StandardAccountReport {
  // Liquidation prices of futures alone would ignore the options: not solved here.
  const futures = sizeBased(computeRisk(request, { withPrices: false }), rules, book.timeMs);
  const options = netOptionPositions(book.positions).map((spec) => {
    const option = book.options.get(spec.symbol);
    if (option === undefined) throw new InputError(['positions'], `unknown option "${spec.symbol}"`);
    const index = [...book.options.keys()].indexOf(spec.symbol);
    return optionRisk(option, spec, book.timeMs, rules, venueName, index);
  });
  const optionValueInEquity = rules?.optionValueInEquity ?? true;
  const optionValue = options.reduce((sum, position) => sum + position.value, 0n);
  const cross = futures.report.positions.filter((position) => position.spec.margin === 'cross');
  const unrealizedPnl = cross.reduce((sum, position) => sum + position.unrealizedPnl, 0n);
  const equity = request.account.balance + unrealizedPnl + (optionValueInEquity ? optionValue : 0n);
  const initialMargin = cross.reduce((sum, p) => sum + p.initialMargin, 0n) + options.reduce((sum, p) => sum + p.initialMargin, 0n);
  const maintenanceMargin = cross.reduce((sum, p) => sum + p.maintenanceMargin, 0n) + options.reduce((sum, p) => sum + p.maintenanceMargin, 0n);
  const account: AccountRisk = {
    settle: request.account.asset ?? cross[0]?.instrument.settle ?? options[0]?.option.instrument.settle ?? null,
    walletBalance: request.account.balance,
    unrealizedPnl,
    equity,
    initialMargin,
    maintenanceMargin,
    marginRatio: marginRatio(maintenanceMargin, equity),
    availableBalance: max(0n, equity - initialMargin - request.account.orderMargin),
    liquidatable: (cross.length > 0 || options.length > 0) && equity < maintenanceMargin,
    orderMargin: request.account.orderMargin,
  };
  return {
    timeMs: book.timeMs,
    futures: { ...futures.report, account },
    futuresMarginSnapshot: futures.snapshot,
    options,
    optionValue,
    optionValueInEquity,
    account,
    greeks: greeksTotals(options, futures.report.positions),
  };
}

function greeksTotals(options: readonly OptionPositionRisk[], futures: readonly PositionRisk[]): GreeksTotal[] {
  const totals = new Map<string, { deltaCoin: number; deltaQuote: number; gamma: number; vegaPerVolPoint: number; thetaPerDay: number }>();
  const at = (base: string) => {
    let total = totals.get(base);
    if (total === undefined) totals.set(base, (total = { deltaCoin: 0, deltaQuote: 0, gamma: 0, vegaPerVolPoint: 0, thetaPerDay: 0 }));
    return total;
  };
  for (const position of options) {
    const total = at(position.option.instrument.base);
    total.deltaCoin += position.greeks.deltaCoin;
    total.deltaQuote += position.greeks.deltaQuote;
    total.gamma += position.greeks.gamma;
    total.vegaPerVolPoint += position.greeks.vegaPerVolPoint;
    total.thetaPerDay += position.greeks.thetaPerDay;
  }
  // Futures on a base named by an option's underlying add their coin delta (Deribit's DeltaTotal).
  for (const position of futures) {
    const base = options.find((option) => option.option.instrument.underlying === position.spec.symbol)?.option.instrument.base;
    if (base === undefined) continue;
    const sign = position.spec.side === 'long' ? 1 : -1;
    const coins = isInverse(position.instrument.kind) ? toFloat(position.notional) : toFloat(mul(position.spec.size, position.instrument.contractSize, 'ceil'));
    const total = at(base);
    total.deltaCoin += sign * coins;
    total.deltaQuote += sign * coins * toFloat(position.markPrice);
  }
  return [...totals.entries()].map(([base, total]) => ({ base, ...total }));
}
