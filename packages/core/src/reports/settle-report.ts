/** `margin settle`: settlement value per contract kind and realised PnL of the given positions. */
import { InputError } from '../errors.js';
import type { InstrumentKind } from '../instrument/instrument.js';
import { DEFAULT_SETTLEMENT_WINDOW_MS, computeBasis, settleExpiry, settlementPrice } from '../market/dated-future.js';
import type { TimedValue } from '../market/ema.js';
import { MINUTE_MS } from '../market/funding-schedule.js';
import { settleFundingRateFuture, settleGasFeeFuture } from '../market/index-futures.js';
import type { MarketProfile } from '../market/market-profile.js';
import { computeVolatilityIndex } from '../market/volatility-index.js';
import { ONE, type Fixed } from '../num/fixed.js';
import { divRound } from '../num/rounding.js';
import type { DatedFutureInput, FundingRateFutureInput, GasFeeFutureInput, VolatilityFutureInput } from '../input/settle-input.js';
import { count, fx, fxOrNull, iso, unitsText } from './report-text.js';
import type { PositionRow, PriceRow } from '../input/market-rows.js';
import { signedSize } from '../input/market-rows.js';

function timed(rows: readonly PriceRow[], field: string): TimedValue[] {
  rows.forEach((row, index) => {
    const previous = rows[index - 1];
    if (previous !== undefined && row.time < previous.time) throw new InputError([field, index, 'time'], 'samples must be in time order');
  });
  return rows.map((row) => ({ timeMs: row.time, value: row.price }));
}

interface PnlContext {
  readonly kind: InstrumentKind;
  readonly contractSize: Fixed;
  readonly settle: string | null;
  readonly assetDecimals: number;
}

function positionsJson(rows: readonly PositionRow[] | undefined, price: Fixed, context: PnlContext) {
  if (rows === undefined || rows.length === 0) return null;
  const positions = rows.map((row, index) => {
    if (row.entryPrice === undefined) throw new InputError(['positions', index, 'entryPrice'], 'is required to realise PnL at settlement');
    return { account: row.account, size: signedSize(row), entryPrice: row.entryPrice };
  });
  const result = settleExpiry(positions, price, { kind: context.kind, contractSize: context.contractSize }, context.assetDecimals);
  const decimals = context.assetDecimals;
  return {
    asset: context.settle,
    assetDecimals: count(decimals),
    instrumentKind: context.kind,
    contractSize: fx(context.contractSize),
    rows: rows.map((row, index) => {
      const settled = result.settlements[index];
      return {
        account: row.account,
        side: row.side,
        size: fx(row.size),
        entryPrice: fxOrNull(row.entryPrice),
        realizedPnl: unitsText(settled?.realizedPnlUnits ?? 0n, decimals),
        realizedPnlUnits: (settled?.realizedPnlUnits ?? 0n).toString(),
      };
    }),
    total: unitsText(result.totalUnits, decimals),
    rounding: 'each PnL floored in units (credits down, debits up)',
    roundingRemainderUnits: fx(result.roundingRemainder.toUnits(18, 'floor')),
  };
}

/**
 * The settlement price on the instrument's tick, as venues publish it. Nearest tick, ties to even:
 * one price settles both sides, so there is no side to round against (unlike a liquidation price,
 * ADR 0002); the nearest tick moves it least, and ties to even add no drift over many expiries.
 * Without a tick the exact value stands.
 */
export function settlementOnTick(value: Fixed, tickSize: Fixed | undefined): { price: Fixed; tick: { tickSize: string; unrounded: string; rounding: string } | null } {
  if (tickSize === undefined) return { price: value, tick: null };
  const price = divRound(value, tickSize, 'halfEven') * tickSize;
  return { price, tick: { tickSize: fx(tickSize), unrounded: fx(value), rounding: 'nearest tick, ties to even' } };
}

export function datedFutureReport(profile: MarketProfile, input: DatedFutureInput) {
  const windowMs = input.windowMinutes === undefined ? profile.settlement.twapWindowMs : Number(divRound(input.windowMinutes * BigInt(MINUTE_MS), ONE, 'halfEven'));
  const method = input.averaging ?? profile.settlement.twapMethod;
  let price: Fixed;
  let twapJson: Record<string, string> | null = null;
  if (input.settlementPrice !== undefined) {
    if (input.samples !== undefined) throw new InputError(['settlementPrice'], 'give either settlementPrice or index samples, not both');
    price = input.settlementPrice;
  } else {
    if (input.samples === undefined) throw new InputError(['samples'], 'is required: index samples before expiry (or give settlementPrice)');
    const result = settlementPrice(timed(input.samples, 'samples'), input.expiry, windowMs, method);
    price = result.value;
    twapJson = { method, windowStart: iso(result.startMs), windowEnd: iso(result.endMs), samplesUsed: count(result.samplesUsed), coveredMs: String(result.coveredMs) };
  }
  const onTick = settlementOnTick(price, input.tickSize);
  price = onTick.price;
  let basis = null;
  if (input.futuresPrice !== undefined || input.indexPrice !== undefined) {
    if (input.futuresPrice === undefined || input.indexPrice === undefined || input.time === undefined) {
      throw new InputError([input.futuresPrice === undefined ? 'futuresPrice' : input.indexPrice === undefined ? 'indexPrice' : 'time'], 'is required for the basis (give futuresPrice, indexPrice and time)');
    }
    const b = computeBasis(input.futuresPrice, input.indexPrice, input.time, input.expiry, input.daysPerYear ?? 365);
    basis = { futuresPrice: fx(input.futuresPrice), indexPrice: fx(input.indexPrice), time: iso(input.time), basis: fx(b.basis), basisRate: fx(b.basisRate), annualisedBasisRate: fxOrNull(b.annualisedBasisRate), daysToExpiry: fx(divRound(BigInt(b.timeToExpiryMs) * ONE, 86_400_000n, 'trunc')) };
  }
  const kind = input.instrumentKind ?? 'linear-future';
  return {
    kind: 'dated-future' as const,
    profile: profile.name,
    symbol: input.symbol ?? null,
    expiry: iso(input.expiry),
    settlementPrice: fx(price),
    settlement: { ...(twapJson === null ? { source: 'input settlementPrice' } : { source: 'TWAP of the index', ...twapJson }), ...(onTick.tick === null ? {} : onTick.tick) },
    basis,
    positions: positionsJson(input.positions, price, { kind, contractSize: input.contractSize ?? ONE, settle: input.settle ?? null, assetDecimals: input.assetDecimals ?? 8 }),
  };
}

function indexFutureContext(input: { contractSize?: Fixed | undefined; settle?: string | undefined; assetDecimals?: number | undefined }): PnlContext {
  return { kind: 'linear-future', contractSize: input.contractSize ?? ONE, settle: input.settle ?? null, assetDecimals: input.assetDecimals ?? 8 };
}

export function volatilityFutureReport(profile: MarketProfile, input: VolatilityFutureInput) {
  const term = (t: VolatilityFutureInput['nearTerm']) => ({ expiryMs: t.expiry, riskFreeRate: t.riskFreeRate, quotes: t.quotes });
  const result = computeVolatilityIndex({
    timeMs: input.time,
    nearTerm: term(input.nearTerm),
    nextTerm: input.nextTerm === undefined ? null : term(input.nextTerm),
    targetDays: input.targetDays ?? 30,
    daysPerYear: input.daysPerYear ?? 365,
  });
  const onTick = settlementOnTick(result.value, input.tickSize);
  return {
    kind: 'volatility-future' as const,
    profile: profile.name,
    symbol: input.symbol ?? null,
    time: iso(input.time),
    settlementPrice: fx(onTick.price),
    settlement: {
      source: 'CBOE VIX method on the options chain',
      ...(onTick.tick === null ? {} : onTick.tick),
      variance: fx(result.variance),
      interpolation: result.interpolation,
      terms: result.terms.map((t) => ({
        expiry: iso(t.expiryMs),
        minutesToExpiry: String(t.minutesToExpiry),
        forward: fx(t.forward),
        forwardStrike: fx(t.forwardStrike),
        atmStrike: fx(t.atmStrike),
        variance: fx(t.variance),
        strikesUsed: count(t.strikesUsed),
        excluded: t.excluded.map((e) => ({ strike: fx(e.strike), type: e.type, reason: e.reason })),
      })),
    },
    positions: positionsJson(input.positions, onTick.price, indexFutureContext(input)),
  };
}

export function fundingRateFutureReport(profile: MarketProfile, input: FundingRateFutureInput) {
  const rates = input.rates.map((row) => ({ timeMs: row.time, value: row.rate }));
  const result = settleFundingRateFuture(rates, { startMs: input.start, endMs: input.end, aggregate: input.aggregate ?? 'average', rateScale: input.rateScale ?? ONE });
  const onTick = settlementOnTick(result.value, input.tickSize);
  return {
    kind: 'funding-rate-future' as const,
    profile: profile.name,
    symbol: input.symbol ?? null,
    settlementPrice: fx(onTick.price),
    settlement: { source: `${result.aggregate} of funding rates in (start, end] x rateScale`, start: iso(input.start), end: iso(input.end), aggregatedRate: fx(result.aggregatedRate), rateScale: fx(input.rateScale ?? ONE), ratesUsed: count(result.ratesUsed), ratesOutside: count(result.ratesOutside), ...(onTick.tick === null ? {} : onTick.tick) },
    positions: positionsJson(input.positions, onTick.price, indexFutureContext(input)),
  };
}

export function gasFeeFutureReport(profile: MarketProfile, input: GasFeeFutureInput) {
  const result = settleGasFeeFuture(timed(input.samples, 'samples'), { startMs: input.start, endMs: input.end, method: input.averaging ?? 'time-weighted' });
  const onTick = settlementOnTick(result.value, input.tickSize);
  return {
    kind: 'gas-fee-future' as const,
    profile: profile.name,
    symbol: input.symbol ?? null,
    settlementPrice: fx(onTick.price),
    settlement: { source: 'TWAP of the gas price', method: result.method, start: iso(result.startMs), end: iso(result.endMs), samplesUsed: count(result.samplesUsed), coveredMs: String(result.coveredMs), ...(onTick.tick === null ? {} : onTick.tick) },
    positions: positionsJson(input.positions, onTick.price, indexFutureContext(input)),
  };
}

export const WINDOW_DEFAULT_MINUTES = DEFAULT_SETTLEMENT_WINDOW_MS / MINUTE_MS;
