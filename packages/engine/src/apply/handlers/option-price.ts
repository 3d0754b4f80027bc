/**
 * Option marks: a `price` command on an option symbol carries either a `markPrice` (premium unit
 * per coin, stored as given) or a `markIv`. From a mark IV the mark is Black-76 on the
 * underlying's mark (the forward: futures underlyings, rate 0) with the time to expiry from the
 * command's time, float64, divided by the underlying's mark for inverse options, then rounded to
 * the option's tick, half to even, as venues publish marks on the tick. An IV-marked option is
 * re-marked at each later price of its underlying (at that price's time).
 *
 * Every price of an option or of its underlying reviews the holders' (account, settle asset)
 * pools (margin calls, liquidation), not only the pools the float scan flags (ADR 0022); a
 * portfolio pool the float filter clears is skipped (portfolio/option-review.ts).
 */
import { black76Price, fixedToNumber, floatToFixed, formatFixed, roundToStep, MS_PER_YEAR, type Fixed } from '@margin/core';
import type { OptionPriceCommand, PriceCommand } from '@margin/wire';
import type { Sink } from '../../events/sink.js';
import type { Account, EngineState } from '../../state/types.js';
import { reviewRisk } from '../../liquidation/run.js';
import { holdersOf, optionBookOf, optionMarket, type OptionMarket } from '../../state/option-book.js';
import { underlyingName, underlyingPriceOf } from '../../state/option-underlying.js';
import { portfolioPoolClear } from '../../portfolio/option-review.js';

/** Black-76 mark per coin in the premium unit, rounded to the tick (half even), >= 0. */
const isoTime = (ms: number): string => new Date(ms).toISOString();

export function markFromIv(market: OptionMarket, iv: Fixed, underlyingMark: Fixed, timeMs: number): Fixed {
  const { instrument } = market;
  const forward = fixedToNumber(underlyingMark);
  const timeYears = (instrument.expiryMs - timeMs) / MS_PER_YEAR;
  const quote = black76Price(instrument.right === 'call', forward, fixedToNumber(instrument.strike), timeYears, fixedToNumber(iv));
  const perCoin = instrument.kind === 'inverse-option' ? quote / forward : quote;
  return roundToStep(floatToFixed(perCoin, 'halfEven'), instrument.tickSize, 'halfEven');
}

export function emitPrice(state: EngineState, market: OptionMarket, out: Sink): void {
  const underlying = underlyingPriceOf(state, market);
  out.emit({
    type: 'priceUpdated',
    symbol: market.instrument.symbol,
    markPrice: formatFixed(market.markPrice ?? 0n),
    indexPrice: underlying === null ? null : formatFixed(underlying),
    time: isoTime(market.priceTimeMs ?? 0),
  });
}

/** Review the pools of every holder of these option markets. */
export function reviewOptionHolders(state: EngineState, markets: readonly OptionMarket[], out: Sink): void {
  const targets = new Map<string, { account: Account; asset: string }>();
  for (const market of markets) {
    for (const position of holdersOf(state, market.instrument.symbol)) {
      const account = state.accounts.get(position.accountId);
      // A portfolio pool the float filter clears is not reviewed (portfolio/option-review.ts).
      if (account !== undefined && !portfolioPoolClear(state, account, market.instrument.settle)) targets.set(`${account.id}\u0000${market.instrument.settle}`, { account, asset: market.instrument.settle });
    }
  }
  if (targets.size > 0) reviewRisk(state, [...targets.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, target]) => target), out);
}

/** Checks shared by both price forms; the reason of a rejection, or null. */
function priceProblem(state: EngineState, market: OptionMarket, timeMs: number): { code: 'instrument_expired' | 'price_stale' | 'mark_price_missing'; detail: string } | null {
  const symbol = market.instrument.symbol;
  if (market.settlementPrice !== null) return { code: 'instrument_expired', detail: `${symbol} has been settled` };
  if (timeMs >= market.instrument.expiryMs) return { code: 'instrument_expired', detail: `${symbol} expires at ${isoTime(market.instrument.expiryMs)}; time ${isoTime(timeMs)} is not before it` };
  if (market.priceTimeMs !== null && timeMs < market.priceTimeMs) return { code: 'price_stale', detail: `${symbol} last price is at ${isoTime(market.priceTimeMs)}` };
  if (underlyingPriceOf(state, market) === null) return { code: 'mark_price_missing', detail: `underlying ${underlyingName(market)} of ${symbol} has no price yet` };
  return null;
}

/** `price` with `markIv` (an option symbol only). */
export function applyOptionMarkIv(state: EngineState, command: OptionPriceCommand, out: Sink): void {
  const market = optionMarket(state, command.symbol);
  if (market === null) return out.reject(command.type, 'instrument_not_found', `unknown option "${command.symbol}" (markIv prices options only)`);
  const problem = priceProblem(state, market, command.time);
  if (problem !== null) return out.reject(command.type, problem.code, problem.detail);
  const underlyingMark = underlyingPriceOf(state, market) as Fixed;
  market.markPrice = markFromIv(market, command.markIv, underlyingMark, command.time);
  market.markIv = command.markIv;
  market.priceTimeMs = command.time;
  emitPrice(state, market, out);
  reviewOptionHolders(state, [market], out);
}

/** `price` with `markPrice` on an option symbol; false when the symbol is not an option (the futures handler runs). */
export function applyOptionMarkPrice(state: EngineState, command: PriceCommand, out: Sink): boolean {
  const market = optionMarket(state, command.symbol);
  if (market === null) return false;
  const problem = priceProblem(state, market, command.time);
  if (problem !== null) {
    out.reject(command.type, problem.code, problem.detail);
    return true;
  }
  market.markPrice = command.markPrice;
  market.markIv = null;
  market.priceTimeMs = command.time;
  emitPrice(state, market, out);
  reviewOptionHolders(state, [market], out);
  return true;
}

/**
 * After futures prices at `timeMs`: re-mark the IV-marked options on those underlyings and review
 * every pool holding an option on them (their requirements read the underlying's mark).
 */
export function afterUnderlyingPrices(state: EngineState, symbols: readonly string[], timeMs: number, out: Sink, priced: readonly OptionMarket[] = []): void {
  const book = optionBookOf(state);
  if (book === null || book.markets.size === 0) return;
  const moved = new Set(symbols);
  // Options priced in the same batch (option-prices.ts) keep their new mark and are reviewed once.
  const pricedNow = new Set(priced);
  const touched: OptionMarket[] = [];
  for (const market of [...book.markets.values()].sort((a, b) => a.order - b.order)) {
    if (pricedNow.has(market)) {
      touched.push(market);
      continue;
    }
    if (!moved.has(market.instrument.underlying) || market.settlementPrice !== null) continue;
    touched.push(market);
    const underlyingMark = underlyingPriceOf(state, market);
    if (market.markIv === null || underlyingMark === null || timeMs >= market.instrument.expiryMs) continue;
    if (market.priceTimeMs !== null && timeMs < market.priceTimeMs) continue;
    market.markPrice = markFromIv(market, market.markIv, underlyingMark, timeMs);
    market.priceTimeMs = timeMs;
    emitPrice(state, market, out);
  }
  reviewOptionHolders(state, touched, out);
}
