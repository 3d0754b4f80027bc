/**
 * `fill` on an option symbol: one trade of one account against the clearing account (as futures
 * fills are). Money moves at the fill, exactly, in units of the settle asset (linear: quote;
 * inverse: the coin):
 *
 *   premium   buyer wallet -> clearing, price x coins rounded up (what is paid rounds up)
 *             clearing -> seller wallet, price x coins rounded down (what is received rounds down)
 *   fee       wallet -> fees: the venue's option fee, core `optionTradeFee` (taker rate x index
 *             per coin, capped at the venue's fraction of the premium), rounded up; a fill that
 *             names a fee pays that fee instead, which may not exceed the cap
 *
 * The position keeps its average entry premium (core `applyOptionFill`); `realizedPnl` in the
 * event is informational (the premiums already moved the cash). A fill that opens or increases a
 * position must leave the cross pool with equity >= IM + open-order margin, where a freshly bought
 * option's own mark value does not count (a long needs its premium in free funds). Options hold
 * one net position per symbol (no positionSide, no orders).
 */
import {
  applyOptionFill,
  fillPremium,
  formatFixed,
  formatUnits,
  mul,
  optionMarginSnapshot,
  optionTradeFee,
  toUnits,
  type Fixed,
} from '@margin/core';
import type { FillCommand } from '@margin/wire';
import { Entries, assetLedger, system, wallet, walletUnits } from '../../ledger/ledger.js';
import type { Sink } from '../../events/sink.js';
import type { EngineState } from '../../state/types.js';
import { exactUnits, isMultiple } from '../checks.js';
import { reviewRisk } from '../../liquidation/run.js';
import { portfolioRefusal } from '../../portfolio/portfolio-account.js';
import { isSpanAccount } from '../../portfolio/span-account.js';
import { crossFigures, currentView } from '../../risk/pool-risk.js';
import { optionRules, underlyingOf } from '../../risk/option-requirement.js';
import { crossPool } from '../../state/positions.js';
import { underlyingName, underlyingPriceOf } from '../../state/option-underlying.js';
import { optionMarket, optionPositionsOf, setOptionPosition, type OptionMarket } from '../../state/option-book.js';

const E18 = 10n ** 18n;

/** The venue fee and its cap for one fill, E18 in the premium unit. */
const isoTime = (ms: number): string => new Date(ms).toISOString();

export function optionFee(state: EngineState, market: OptionMarket, size: Fixed, price: Fixed): { fee: Fixed; cap: Fixed | null } {
  const { instrument } = market;
  const { index, timeMs } = underlyingOf(state, market);
  const snapshot = optionMarginSnapshot(optionRules(state), state.profile.name, instrument.kind, instrument.base, timeMs, market.marginSnapshot, ['fill']);
  const coins = mul(size, instrument.contractSize, 'ceil');
  // Inverse options charge the rate per coin in coin (the index term is 1 coin).
  const indexPerCoin = instrument.kind === 'inverse-option' ? E18 : index;
  const rate = instrument.takerFeeRate ?? snapshot.takerFeeRate;
  const fee = optionTradeFee(rate, snapshot.feeCapOfPremium, indexPerCoin, price, coins);
  const cap = snapshot.feeCapOfPremium === null ? null : mul(snapshot.feeCapOfPremium, fillPremium(instrument, size, price), 'ceil');
  return { fee, cap };
}

/** Handles the fill when `command.symbol` is an option; false otherwise (the futures handler runs). */
export function applyOptionFillCommand(state: EngineState, command: FillCommand, out: Sink): boolean {
  const market = optionMarket(state, command.symbol);
  if (market === null) return false;
  const reject = (code: Parameters<Sink['reject']>[1], detail?: string): true => {
    out.reject(command.type, code, detail);
    return true;
  };
  const account = state.accounts.get(command.account);
  if (account === undefined) return reject('account_not_found');
  const { instrument } = market;
  if (market.settlementPrice !== null) return reject('instrument_expired', `${command.symbol} has been settled`);
  if (command.time >= instrument.expiryMs) return reject('instrument_expired', `${command.symbol} expired at ${isoTime(instrument.expiryMs)}; an expired option cannot be traded`);
  if (market.markPrice === null) return reject('mark_price_missing', `${command.symbol} has no mark price yet`);
  if (underlyingPriceOf(state, market) === null) return reject('mark_price_missing', `underlying ${underlyingName(market)} has no price yet`);
  if (!isMultiple(command.price, instrument.tickSize)) return reject('price_not_multiple_of_tick');
  if (!isMultiple(command.size, instrument.lotSize)) return reject('size_not_multiple_of_lot');
  if (command.positionSide !== undefined) return reject('position_side_not_allowed', 'an option holds one net position per symbol: positionSide must be omitted');
  if (command.orderId !== undefined) return reject('order_not_found', `orders on options are not kept by the engine: no order "${command.orderId}" on ${command.symbol}`);
  const portfolioRefused = portfolioRefusal(state, account, command.symbol);
  if (portfolioRefused !== null) return reject('portfolio_model_cannot_hold', portfolioRefused);
  const asset = instrument.settle;
  const decimals = assetLedger(state, asset).decimals;
  const { fee: venueFee, cap } = optionFee(state, market, command.size, command.price);
  let feeUnits: bigint;
  if (command.fee === 0n) feeUnits = toUnits(venueFee, decimals, 'ceil');
  else {
    const given = exactUnits(state, asset, command.fee);
    if (given === null) return reject('amount_precision_exceeded', `fee has more than ${decimals} fraction digits for ${asset}`);
    if (given < 0n) return reject('fee_rebate_exceeds_allowance', 'options take no rebate: fee must not be negative');
    if (cap !== null && command.fee > cap) return reject('option_fee_above_cap', `fee ${formatFixed(command.fee)} > ${formatFixed(cap)} ${asset} (the venue's cap as a fraction of the premium)`);
    feeUnits = given;
  }
  const held = optionPositionsOf(state, account.id, asset).find((position) => position.symbol === command.symbol);
  const before = held === undefined ? { size: 0n, entryPrice: 0n } : { size: held.size, entryPrice: held.entryPrice };
  const buy = command.side === 'buy';
  const outcome = applyOptionFill(instrument, before, buy ? command.size : -command.size, command.price);
  const opens = outcome.openedSize > 0n;
  if (opens && command.reduceOnly) return reject('reduce_only_would_increase_position');
  const premium = fillPremium(instrument, command.size, command.price);
  const premiumUnits = buy ? -toUnits(premium, decimals, 'ceil') : toUnits(premium, decimals, 'floor');

  if (opens) {
    const view = currentView(state, account, asset);
    const holdings = optionPositionsOf(state, account.id, asset).filter((position) => position.symbol !== command.symbol);
    if (outcome.position.size !== 0n) holdings.push({ accountId: account.id, symbol: command.symbol, size: outcome.position.size, entryPrice: outcome.position.entryPrice });
    const figures = crossFigures(state, account, { ...view, wallet: view.wallet + premiumUnits - feeUnits, options: holdings });
    // A long pays its premium from free funds: its own fresh mark value is not credited.
    const freshValue = buy ? mul(mul(outcome.openedSize, instrument.contractSize, 'ceil'), market.markPrice, 'floor') : 0n;
    const inEquity = optionRules(state)?.optionValueInEquity ?? true;
    // A SPAN account's requirement already holds the net option value (ADR 0041): not excluded twice.
    const excluded = inEquity && !isSpanAccount(account) ? freshValue : 0n;
    if (figures.free - excluded < 0n) {
      return reject(
        'initial_margin_insufficient',
        `equity ${formatFixed(figures.equity - excluded)} < initial margin ${formatFixed(figures.initialMargin)} + open-order margin ${formatFixed(figures.orderMargin)} ${asset}` +
          (excluded > 0n ? ` (the bought option's own value ${formatFixed(excluded)} not credited)` : ''),
      );
    }
  }

  // Mutation: no rejection past this point.
  // The cross pool's scan row carries its margin-call level (created on first use).
  crossPool(state, account, asset);
  const entries = new Entries(state);
  entries.move(asset, system('clearing'), wallet(account), premiumUnits);
  entries.move(asset, wallet(account), system('fees'), feeUnits);
  setOptionPosition(state, account.id, command.symbol, outcome.position.size, outcome.position.entryPrice);
  out.emit({
    type: 'filled',
    account: account.id,
    symbol: command.symbol,
    side: command.side,
    positionSide: null,
    size: formatFixed(command.size),
    price: formatFixed(command.price),
    fee: formatUnits(feeUnits, decimals),
    orderId: null,
    orderRemaining: null,
    realizedPnl: formatUnits(toUnits(outcome.realizedPnl, decimals, 'floor'), decimals),
    position: { key: command.symbol, size: formatFixed(outcome.position.size), entryPrice: formatFixed(outcome.position.entryPrice), margin: 'cross', isolatedBalance: null },
    walletBalance: formatUnits(walletUnits(account, asset), decimals),
    entries: entries.list,
    time: isoTime(command.time),
  });
  reviewRisk(state, [{ account, asset }], out);
  return true;
}
