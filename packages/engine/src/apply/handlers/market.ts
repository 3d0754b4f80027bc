/** `instrument`, `price` and `prices`: market definitions and marks (a mark triggers the risk scan). */
import { InputError, buildInstrument, fixedToNumber, formatFixed, type Fixed, type Instrument } from '@margin/core';
import type { CommandType, InstrumentCommand, PriceCommand, PricesCommand } from '../../commands/schema.js';
import { assetLedger } from '../../ledger/ledger.js';
import { scanSymbols } from '../../liquidation/confirm.js';
import type { EngineState, Market } from '../../state/types.js';
import type { Sink } from '../../events/sink.js';
import { afterUnderlyingPrices } from './option-price.js';

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

function symbolInUse(state: EngineState, market: Market): boolean {
  if (state.scan.symbolPositionCount(market.symbolIndex) > 0) return true;
  for (const account of state.accounts.values()) {
    for (const order of account.orders.values()) if (order.symbol === market.instrument.symbol) return true;
  }
  return false;
}

function sameContract(a: Instrument, b: Instrument): boolean {
  return a.kind === b.kind && a.settle === b.settle && a.contractSize === b.contractSize;
}

/** Register (or redefine) a market's scan row. */
export function defineScanSymbol(state: EngineState, market: Market): void {
  state.scan.defineSymbol(market.symbolIndex, market.instrument, state.profile.maintenanceCloseFee === 'mark');
  state.scan.setMark(market.symbolIndex, market.markPrice === null ? 0 : fixedToNumber(market.markPrice));
}

export function applyInstrument(state: EngineState, command: InstrumentCommand, out: Sink): void {
  let instrument: Instrument;
  try {
    instrument = buildInstrument(state.profile, command.instrument, ['instrument']);
  } catch (error) {
    if (error instanceof InputError) {
      out.reject(command.type, 'instrument_invalid', error.message);
      return;
    }
    throw error;
  }
  const existing = state.markets.get(instrument.symbol);
  if (existing !== undefined && existing.settlementPrice !== null) {
    out.reject(command.type, 'instrument_expired');
    return;
  }
  if (existing !== undefined && !sameContract(existing.instrument, instrument) && symbolInUse(state, existing)) {
    out.reject(command.type, 'instrument_change_not_allowed');
    return;
  }
  assetLedger(state, instrument.settle);
  const markPrice: Fixed | null = command.instrument.markPrice ?? existing?.markPrice ?? null;
  const indexPrice: Fixed | null = command.instrument.indexPrice ?? existing?.indexPrice ?? null;
  const market: Market = existing ?? {
    instrument,
    markPrice,
    indexPrice,
    priceTimeMs: null,
    fundingRate: null,
    fundingRateTimeMs: null,
    lastFundingTimeMs: null,
    settlementPrice: null,
    book: null,
    dynamicRates: null,
    symbolIndex: state.markets.size,
  };
  market.instrument = instrument;
  market.dynamicRates = null; // the venue's table is in force again (ADR 0025)
  market.markPrice = markPrice;
  market.indexPrice = indexPrice;
  state.markets.set(instrument.symbol, market);
  defineScanSymbol(state, market);
  out.emit({
    type: 'instrumentDefined',
    symbol: instrument.symbol,
    kind: instrument.kind,
    settle: instrument.settle,
    contractSize: formatFixed(instrument.contractSize),
    tiers: String(instrument.tiers.length),
    tiersSource: instrument.tiersSource,
    updated: existing !== undefined,
  });
  if (existing !== undefined) scanSymbols(state, [market.symbolIndex], out);
}

export interface PriceItem {
  readonly symbol: string;
  readonly markPrice: Fixed;
  readonly indexPrice?: Fixed | undefined;
}

function applyPriceItems(state: EngineState, commandType: CommandType, items: readonly PriceItem[], timeMs: number, out: Sink): void {
  const markets: Market[] = [];
  for (const item of items) {
    const market = state.markets.get(item.symbol);
    if (market === undefined) {
      out.reject(commandType, 'instrument_not_found', `unknown symbol "${item.symbol}"`);
      return;
    }
    if (market.settlementPrice !== null) {
      out.reject(commandType, 'instrument_expired', `${item.symbol} has been settled`);
      return;
    }
    if (market.priceTimeMs !== null && timeMs < market.priceTimeMs) {
      out.reject(commandType, 'price_stale', `${item.symbol} last price is at ${isoTime(market.priceTimeMs)}`);
      return;
    }
    markets.push(market);
  }
  setFutureMarks(state, items, markets, timeMs, out);
  scanSymbols(state, markets.map((market) => market.symbolIndex), out);
  afterUnderlyingPrices(state, items.map((item) => item.symbol), timeMs, out);
}

/** Writes checked futures marks (`markets[i]` is `items[i]`'s) and emits their `priceUpdated`; no scan. */
export function setFutureMarks(state: EngineState, items: readonly PriceItem[], markets: readonly Market[], timeMs: number, out: Sink): void {
  items.forEach((item, i) => {
    const market = markets[i] as Market;
    market.markPrice = item.markPrice;
    if (item.indexPrice !== undefined) market.indexPrice = item.indexPrice;
    market.priceTimeMs = timeMs;
    state.scan.setMark(market.symbolIndex, fixedToNumber(item.markPrice));
    out.emit({
      type: 'priceUpdated',
      symbol: item.symbol,
      markPrice: formatFixed(item.markPrice),
      indexPrice: market.indexPrice === null ? null : formatFixed(market.indexPrice),
      time: isoTime(timeMs),
    });
  });
}

export function applyPrice(state: EngineState, command: PriceCommand, out: Sink): void {
  applyPriceItems(state, command.type, [command], command.time, out);
}

export function applyPrices(state: EngineState, command: PricesCommand, out: Sink): void {
  applyPriceItems(state, command.type, command.prices, command.time, out);
}
