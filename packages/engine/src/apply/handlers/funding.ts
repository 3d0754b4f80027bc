/**
 * `fundingRate` and `settleFunding`. Amounts come from core's `settleFunding`: size x contractSize
 * x price x rate (linear) or size x contractSize / price x rate (inverse) in settle-asset units, a
 * positive rate makes longs pay; payers round up, receivers down. The price is the mark, or the
 * index (oracle) where the profile's funding rules say so (dYdX, Hyperliquid).
 *
 * Ledger: the engine sees only its own accounts, so the market side of the payments is `clearing`,
 * which takes floor(exact net amount) as the counterparty of the unmatched size; the dust the
 * roundings leave (>= 0, below one unit per payment) goes to `funding-rounding`. Every asset's
 * ledger still sums to zero.
 */
import { findMarketProfile, formatFixed, formatUnits, fundingAmountUnits, invariant, settleFunding, type Fixed } from '@margin/core';
import type { FundingRateCommand, SettleFundingCommand } from '../../commands/schema.js';
import { Entries, assetLedger, isolated, system, wallet } from '../../ledger/ledger.js';
import { reviewRisk } from '../../liquidation/run.js';
import type { Account, EngineState, Market, Position } from '../../state/types.js';
import type { Sink } from '../../events/sink.js';
import { isoTime } from './market.js';

export interface Holding {
  readonly account: Account;
  readonly position: Position;
}

/** Every position in a symbol, ordered by (account id, position key): event order never depends on row order. */
export function holdingsOf(state: EngineState, market: Market): Holding[] {
  const holdings: Holding[] = [];
  for (const item of state.scan.itemsOfSymbol(market.symbolIndex)) {
    const position = item as Position;
    const account = state.accounts.get(position.accountId);
    if (account !== undefined) holdings.push({ account, position });
  }
  return holdings.sort((a, b) =>
    a.account.id < b.account.id ? -1 : a.account.id > b.account.id ? 1 : a.position.key < b.position.key ? -1 : a.position.key > b.position.key ? 1 : 0,
  );
}

export function applyFundingRate(state: EngineState, command: FundingRateCommand, out: Sink): void {
  const market = state.markets.get(command.symbol);
  if (market === undefined) return out.reject(command.type, 'instrument_not_found', `unknown symbol "${command.symbol}"`);
  market.fundingRate = command.rate;
  market.fundingRateTimeMs = command.time;
  out.emit({ type: 'fundingRateSet', symbol: command.symbol, rate: formatFixed(command.rate), time: isoTime(command.time) });
}

function fundingPrice(state: EngineState, market: Market): Fixed | null {
  const oracle = findMarketProfile(state.profile.name)?.funding.paymentPrice === 'oracle';
  return oracle ? (market.indexPrice ?? market.markPrice) : market.markPrice;
}

export function applySettleFunding(state: EngineState, command: SettleFundingCommand, out: Sink): void {
  const reject = out.reject.bind(out, command.type);
  const market = state.markets.get(command.symbol);
  if (market === undefined) return reject('instrument_not_found', `unknown symbol "${command.symbol}"`);
  if (market.settlementPrice !== null) return reject('instrument_expired');
  const rate = command.rate ?? market.fundingRate;
  if (rate === null) return reject('funding_rate_missing');
  if (market.lastFundingTimeMs !== null && command.time === market.lastFundingTimeMs) return reject('funding_already_settled');
  if (market.lastFundingTimeMs !== null && command.time < market.lastFundingTimeMs) return reject('funding_time_not_after_last');
  const price = fundingPrice(state, market);
  if (price === null) return reject('mark_price_missing');

  const instrument = market.instrument;
  const asset = instrument.settle;
  const decimals = assetLedger(state, asset).decimals;
  const holdings = holdingsOf(state, market);
  const result = settleFunding({
    positions: holdings.map(({ account, position }) => ({ account: account.id, symbol: position.key, size: position.size })),
    price,
    rate,
    instrument,
    assetDecimals: decimals,
    roundingAccount: 'funding-rounding',
  });
  // The clearing account stands for the counterparty of the net size: floor of what it receives.
  const clearingUnits = fundingAmountUnits(instrument, -result.netSize, price, rate, decimals);
  const dustUnits = result.roundingUnits - clearingUnits;
  invariant(dustUnits >= 0n && dustUnits <= BigInt(result.payments.length), 'funding rounding dust is in [0, payments]');
  let paidUnits = 0n;
  let receivedUnits = 0n;
  for (const payment of result.payments) {
    const holding = holdings[payment.index];
    invariant(holding !== undefined, 'a funding payment has its position');
    const { account, position } = holding;
    const holder = position.margin === 'isolated' ? isolated(account, position) : wallet(account);
    const entries = new Entries(state);
    entries.move(asset, system('clearing'), holder, payment.amountUnits);
    if (payment.amountUnits < 0n) paidUnits -= payment.amountUnits;
    else receivedUnits += payment.amountUnits;
    out.emit({
      type: 'fundingPaid',
      account: account.id,
      symbol: command.symbol,
      positionKey: position.key,
      amount: formatUnits(payment.amountUnits, decimals),
      entries: entries.list,
    });
  }
  const rounding = new Entries(state);
  rounding.move(asset, system('clearing'), system('funding-rounding'), dustUnits);
  market.lastFundingTimeMs = command.time;
  out.emit({
    type: 'fundingSettled',
    symbol: command.symbol,
    rate: formatFixed(rate),
    price: formatFixed(price),
    time: isoTime(command.time),
    positions: String(result.payments.length),
    paid: formatUnits(paidUnits, decimals),
    received: formatUnits(receivedUnits, decimals),
    clearing: formatUnits(clearingUnits, decimals),
    rounding: formatUnits(dustUnits, decimals),
    entries: rounding.list,
  });
  reviewRisk(state, holdings.map(({ account }) => ({ account, asset })), out);
}
