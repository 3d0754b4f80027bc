/**
 * Mark price per profile, with its components:
 * - `funding-basis` (BitMEX fair price, Binance's 2019 definition):
 *   mark = index x (1 + funding rate x time until funding / interval);
 * - `binance-median`: median(Price 1, Price 2, contract price) with Price 1 the funding-basis
 *   price and Price 2 = index + moving average of (mid - index) (https://www.binance.com/en/support/faq/fff6ec1b3f5845d19f1fb924644a0877);
 * - `hyperliquid-median`: median of (1) oracle + 150 s EMA of (mid - oracle), (2) median(best bid,
 *   best ask, last), (3) median of external perp mids; with exactly two of them, a 30 s EMA of (2)
 *   joins the median (https://hyperliquid.gitbook.io/hyperliquid-docs/trading/robust-price-indices);
 * - `oracle` (dYdX): the oracle price itself.
 * An optional band clamps the mark into index x (1 +- band). Reference prices round half-even.
 */
import type { Fixed } from '../num/fixed.js';
import { ONE } from '../num/fixed.js';
import { divRound } from '../num/rounding.js';
import { formatFixed } from '../num/decimal.js';
import { InputError, invariant } from '../errors.js';
import { clamp, median } from './stats.js';
import type { MarkMethod } from './market-profile.js';

export interface MarkRequest {
  readonly method: MarkMethod;
  /** Index price (the oracle price for Hyperliquid and dYdX). */
  readonly indexPrice: Fixed;
  readonly fundingRate?: Fixed | null;
  readonly timeUntilFundingMs?: number | null;
  readonly intervalMs?: number | null;
  /** Moving average of (mid - index), for Binance's Price 2. */
  readonly basisAverage?: Fixed | null;
  readonly lastPrice?: Fixed | null;
  /** Hyperliquid: 150 s EMA of (mid - oracle). */
  readonly emaBasis?: Fixed | null;
  readonly bestBid?: Fixed | null;
  readonly bestAsk?: Fixed | null;
  readonly externalMids?: readonly Fixed[];
  /** Hyperliquid: 30 s EMA of median(best bid, best ask, last). */
  readonly localEma?: Fixed | null;
  readonly bandRate?: Fixed | null;
}

export interface MarkComponent {
  readonly name: string;
  readonly value: Fixed;
  readonly detail: string;
}

export interface MarkResult {
  readonly method: MarkMethod;
  readonly markPrice: Fixed;
  /** The price before the band clamp. */
  readonly unclampedPrice: Fixed;
  readonly components: readonly MarkComponent[];
  readonly band: { readonly rate: Fixed; readonly low: Fixed; readonly high: Fixed } | null;
  readonly clamped: boolean;
  readonly notes: readonly string[];
}

function required<T>(value: T | null | undefined, field: string, method: MarkMethod): T {
  if (value === null || value === undefined) throw new InputError([field], `is required for the ${method} mark`);
  return value;
}

/** index x (1 + rate x timeUntil / interval), half-even. */
export function fundingBasisPrice(indexPrice: Fixed, fundingRate: Fixed, timeUntilFundingMs: number, intervalMs: number): Fixed {
  invariant(intervalMs > 0, 'funding interval is positive');
  const basisNumerator = fundingRate * BigInt(timeUntilFundingMs); // basis = this / intervalMs
  return divRound(indexPrice * (ONE * BigInt(intervalMs) + basisNumerator), ONE * BigInt(intervalMs), 'halfEven');
}

function fundingBasisComponent(request: MarkRequest, name: string): MarkComponent {
  const rate = required(request.fundingRate, 'fundingRate', request.method);
  const untilMs = required(request.timeUntilFundingMs, 'timeUntilFunding', request.method);
  const intervalMs = required(request.intervalMs, 'intervalHours', request.method);
  if (untilMs < 0 || untilMs > intervalMs) {
    throw new InputError(['timeUntilFunding'], `must be within the funding interval (0 to ${intervalMs / 3_600_000} h), got ${untilMs / 3_600_000} h`);
  }
  const value = fundingBasisPrice(request.indexPrice, rate, untilMs, intervalMs);
  return { name, value, detail: `index x (1 + ${formatFixed(rate)} x ${untilMs / 3_600_000} h / ${intervalMs / 3_600_000} h)` };
}

function components(request: MarkRequest): { parts: MarkComponent[]; notes: string[] } {
  const method = request.method;
  if (method === 'oracle') return { parts: [{ name: 'oracle', value: request.indexPrice, detail: 'oracle price' }], notes: [] };
  if (method === 'funding-basis') return { parts: [fundingBasisComponent(request, 'fair price')], notes: [] };
  if (method === 'binance-median') {
    const basis = required(request.basisAverage, 'basisAverage', method);
    return {
      parts: [
        fundingBasisComponent(request, 'price 1'),
        { name: 'price 2', value: request.indexPrice + basis, detail: `index + moving average basis ${formatFixed(basis)}` },
        { name: 'contract price', value: required(request.lastPrice, 'lastPrice', method), detail: 'last price' },
      ],
      notes: [],
    };
  }
  return hyperliquidComponents(request);
}

function hyperliquidComponents(request: MarkRequest): { parts: MarkComponent[]; notes: string[] } {
  const parts: MarkComponent[] = [];
  const notes: string[] = [];
  if (request.emaBasis !== null && request.emaBasis !== undefined) {
    parts.push({ name: 'oracle + EMA basis', value: request.indexPrice + request.emaBasis, detail: `oracle + 150 s EMA of (mid - oracle) ${formatFixed(request.emaBasis)}` });
  }
  const local = [request.bestBid, request.bestAsk, request.lastPrice].filter((value): value is Fixed => value !== null && value !== undefined);
  if (local.length === 3) parts.push({ name: 'local price', value: median(local), detail: 'median(best bid, best ask, last)' });
  else if (local.length > 0) throw new InputError(['bestBid'], 'give best bid, best ask and last price together (the local price is their median)');
  const external = request.externalMids ?? [];
  if (external.length > 0) parts.push({ name: 'external mids', value: median(external), detail: `median of ${external.length} external perp mids` });
  if (parts.length === 0) throw new InputError(['emaBasis'], 'the hyperliquid-median mark needs at least one of: EMA basis (or mid samples), local prices, external mids');
  if (parts.length === 2) {
    if (request.localEma !== null && request.localEma !== undefined) {
      parts.push({ name: 'local price EMA', value: request.localEma, detail: '30 s EMA of the local price (only two inputs exist)' });
    } else notes.push('only two inputs and no 30 s local price EMA: the mark is their mean');
  }
  return { parts, notes };
}

export function computeMarkPrice(request: MarkRequest): MarkResult {
  invariant(request.indexPrice > 0n, 'index price is positive');
  const { parts, notes } = components(request);
  const unclampedPrice = median(parts.map((part) => part.value));
  let band: MarkResult['band'] = null;
  let markPrice = unclampedPrice;
  const bandRate = request.bandRate;
  if (bandRate !== null && bandRate !== undefined) {
    const low = divRound(request.indexPrice * (ONE - bandRate), ONE, 'ceil');
    const high = divRound(request.indexPrice * (ONE + bandRate), ONE, 'floor');
    band = { rate: bandRate, low, high };
    markPrice = clamp(unclampedPrice, low, high);
  }
  return { method: request.method, markPrice, unclampedPrice, components: parts, band, clamped: markPrice !== unclampedPrice, notes };
}
