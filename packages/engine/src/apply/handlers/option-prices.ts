/**
 * `prices` batches that name option symbols or carry `markIv` (issue 10): each entry is priced
 * exactly as the single `price` command would price it (futures: mark and index; options: a
 * `markPrice` as given, or a `markIv` through Black-76 on the underlying's mark, on the tick), all
 * at the batch's one time. Every entry is checked before anything is applied; a bad entry rejects
 * the whole batch with the single command's code and a detail naming the entry's index and field
 * (`prices[2].markIv: ...`). An option may be marked from an underlying priced in the same batch:
 * futures marks are written first, then the options' marks, then one scan of the futures and one
 * review of every pool holding an option on a moved underlying or a priced option.
 */
import type { Fixed } from '@margin/core';
import type { OptionPricesCommand, PricesCommand, RejectCode } from '@margin/wire';
import type { Sink } from '../../events/sink.js';
import { scanSymbols } from '../../liquidation/confirm.js';
import { optionBookOf, optionMarket, type OptionMarket } from '../../state/option-book.js';
import type { EngineState, Market } from '../../state/types.js';
import { isoTime, setFutureMarks, type PriceItem } from './market.js';
import { afterUnderlyingPrices, emitPrice, markFromIv } from './option-price.js';
import { underlyingName, underlyingPriceOf } from '../../state/option-underlying.js';

interface Entry {
  readonly symbol: string;
  readonly markPrice?: Fixed | undefined;
  readonly markIv?: Fixed | undefined;
  readonly indexPrice?: Fixed | undefined;
}

interface Refusal {
  readonly code: RejectCode;
  readonly detail: string;
}

/** Whether a plain `prices` batch names an option symbol (then this module prices it). */
export function pricesNameAnOption(state: EngineState, command: PricesCommand): boolean {
  const book = optionBookOf(state);
  return book !== null && book.markets.size > 0 && command.prices.some((item) => book.markets.has(item.symbol));
}

function checkFuture(market: Market | undefined, entry: Entry, at: string, timeMs: number): Refusal | null {
  if (market === undefined) return { code: 'instrument_not_found', detail: `${at}.symbol: unknown symbol "${entry.symbol}"` };
  if (entry.markIv !== undefined) return { code: 'instrument_not_found', detail: `${at}.markIv: "${entry.symbol}" is not an option (markIv prices options only)` };
  if (market.settlementPrice !== null) return { code: 'instrument_expired', detail: `${at}.symbol: ${entry.symbol} has been settled` };
  if (market.priceTimeMs !== null && timeMs < market.priceTimeMs) return { code: 'price_stale', detail: `${at}.symbol: ${entry.symbol} last price is at ${isoTime(market.priceTimeMs)}` };
  return null;
}

/** The single option `price` checks (option-price.ts), the underlying's mark possibly coming from this batch. */
function checkOption(state: EngineState, market: OptionMarket, at: string, timeMs: number, batchSymbols: ReadonlyMap<string, Entry>): Refusal | null {
  const { symbol, expiryMs, underlying } = market.instrument;
  if (market.settlementPrice !== null) return { code: 'instrument_expired', detail: `${at}.symbol: ${symbol} has been settled` };
  if (timeMs >= expiryMs) return { code: 'instrument_expired', detail: `${at}.symbol: ${symbol} expires at ${isoTime(expiryMs)}; time ${isoTime(timeMs)} is not before it` };
  if (market.priceTimeMs !== null && timeMs < market.priceTimeMs) return { code: 'price_stale', detail: `${at}.symbol: ${symbol} last price is at ${isoTime(market.priceTimeMs)}` };
  const inBatch = batchSymbols.get(underlying);
  const pricedInBatch = inBatch !== undefined && (market.underlyingPrice === 'index' ? inBatch.indexPrice !== undefined : inBatch.markPrice !== undefined);
  if (underlyingPriceOf(state, market) === null && !pricedInBatch) {
    return { code: 'mark_price_missing', detail: `${at}.symbol: underlying ${underlyingName(market)} of ${symbol} has no price yet (nor in this batch)` };
  }
  return null;
}

export function applyOptionPrices(state: EngineState, command: PricesCommand | OptionPricesCommand, out: Sink): void {
  const timeMs = command.time;
  const entries = command.prices as readonly Entry[];
  const batchSymbols = new Map(entries.map((entry) => [entry.symbol, entry]));
  const futureItems: PriceItem[] = [];
  const futureMarkets: Market[] = [];
  const options: { market: OptionMarket; entry: Entry }[] = [];
  for (const [i, entry] of entries.entries()) {
    const at = `prices[${i}]`;
    const option = optionMarket(state, entry.symbol);
    if (option !== null) {
      const refusal = checkOption(state, option, at, timeMs, batchSymbols);
      if (refusal !== null) return out.reject(command.type, refusal.code, refusal.detail);
      options.push({ market: option, entry });
      continue;
    }
    const market = state.markets.get(entry.symbol);
    const refusal = checkFuture(market, entry, at, timeMs);
    if (refusal !== null) return out.reject(command.type, refusal.code, refusal.detail);
    futureItems.push({ symbol: entry.symbol, markPrice: entry.markPrice as Fixed, indexPrice: entry.indexPrice });
    futureMarkets.push(market as Market);
  }
  setFutureMarks(state, futureItems, futureMarkets, timeMs, out);
  for (const { market, entry } of options) {
    if (entry.markIv !== undefined) {
      const underlyingMark = underlyingPriceOf(state, market) as Fixed;
      market.markPrice = markFromIv(market, entry.markIv, underlyingMark, timeMs);
      market.markIv = entry.markIv;
    } else {
      market.markPrice = entry.markPrice as Fixed;
      market.markIv = null;
    }
    market.priceTimeMs = timeMs;
    emitPrice(state, market, out);
  }
  if (futureMarkets.length > 0) scanSymbols(state, futureMarkets.map((market) => market.symbolIndex), out);
  afterUnderlyingPrices(state, futureItems.map((item) => item.symbol), timeMs, out, options.map(({ market }) => market));
}
