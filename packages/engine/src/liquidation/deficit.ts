/**
 * A bankruptcy: a liquidated pool whose positions are all closed and whose balance is below zero.
 * The deficit is attributed to the closed positions in proportion to their notional at the mark,
 * and each share is covered, in order, by
 *   1. the insurance fund of that symbol (or asset),
 *   2. auto-deleveraging of the opposite side (ADL profiles) or a socialised loss (socialize
 *      profiles),
 * and what neither can cover stays with the account (`deficitUnresolved`).
 *
 * ADL: the share D of a bankrupt position of Q contracts means it went bankrupt D / Q per contract
 * past the mark, i.e. its bankruptcy price is the mark -/+ D / (Q x contract size) (linear; in
 * 1 / price for inverse). Counterparties in ADL rank order close their positions at that price:
 * in the ledger, a close at the mark (realised PnL against `clearing`, like any close) plus a
 * haircut of c x D / Q (rounded up, the last one pays the exact rest) to the bankrupt account, so
 * the haircuts add up to exactly the uncovered part. Only as many contracts as that part needs are
 * deleveraged.
 */
import { ONE, divRound, formatFixed, formatUnits, fromUnits, isInverse, mul, type Fixed, type Instrument, type Side } from '@margin/core';
import { Entries, system, type Endpoint } from '../ledger/ledger.js';
import type { Account } from '../state/types.js';
import { absSize, realizeCloseUnits, removeClosed, sideOf, type ClosedPart } from './close.js';
import type { LiquidationContext } from './context.js';
import { emitFundChange, fundFor, fundUnits } from './funds.js';
import { decimalsOf, holderOf } from './pool-state.js';
import { holdShortfall, holdsShortfall } from './shortfall.js';
import { markText } from './mark-text.js';

export interface BankruptPool {
  readonly account: Account;
  readonly asset: string;
  readonly positionKey: string | null;
  /** Where the deficit sits: the wallet or the isolated account. */
  readonly holder: Endpoint;
}

/** Shares of `deficit` by notional (floor; the last takes the rest). */
function attribute(parts: readonly ClosedPart[], deficit: bigint): bigint[] {
  const total = parts.reduce((sum, part) => sum + part.notional, 0n);
  if (total === 0n) return parts.map((_, i) => (i === parts.length - 1 ? deficit : 0n));
  let given = 0n;
  return parts.map((part, i) => {
    if (i === parts.length - 1) return deficit - given;
    const share = divRound(deficit * part.notional, total, 'floor');
    given += share;
    return share;
  });
}

/** The price at which D units over Q contracts are lost past `mark` (display; null when infinite). */
export function deficitPrice(instrument: Instrument, mark: Fixed, side: Side, deficit: Fixed, size: Fixed): Fixed | null {
  const perContract = divRound(deficit * ONE, size, 'halfEven'); // settle asset per contract
  const sign = side === 'long' ? 1n : -1n;
  if (!isInverse(instrument.kind)) return mark + sign * divRound(perContract * ONE, instrument.contractSize, 'halfEven');
  const denominator = instrument.contractSize - sign * mul(perContract, mark, 'halfEven');
  return denominator <= 0n ? null : divRound(mark * instrument.contractSize, denominator, 'halfEven');
}

export function resolveDeficit(ctx: LiquidationContext, pool: BankruptPool, parts: readonly ClosedPart[], deficitUnits: bigint): void {
  if (deficitUnits <= 0n) return;
  const { state, out } = ctx;
  const decimals = decimalsOf(state, pool.asset);
  out.emit({
    type: 'bankruptcy',
    account: pool.account.id,
    asset: pool.asset,
    positionKey: pool.positionKey,
    deficit: formatUnits(deficitUnits, decimals),
    symbols: [...new Set(parts.map((part) => part.symbol))],
  });
  if (parts.length === 0) {
    const left = coverFromFund(ctx, pool, null, deficitUnits);
    if (left > 0n) unresolved(ctx, pool, null, left, 'the insurance fund is empty and no position is left to deleverage or share against');
    return;
  }
  const shares = attribute(parts, deficitUnits);
  parts.forEach((part, i) => {
    const share = shares[i] ?? 0n;
    if (share <= 0n) return;
    let left = coverFromFund(ctx, pool, part.symbol, share);
    if (left === 0n) return;
    if (holdsShortfall(state)) return holdShortfall(ctx, pool, part, share, left, deficitPrice);
    if (state.liquidation.rules.deficit === 'socialize') {
      ctx.social.advance(ctx, part.symbol, pool.account, pool.asset, pool.positionKey, pool.holder, left);
      return;
    }
    left = deleverage(ctx, pool, part, share, left);
    if (left > 0n) unresolved(ctx, pool, part.symbol, left, 'the opposite side has no position left to deleverage', part.side);
  });
}

function coverFromFund(ctx: LiquidationContext, pool: BankruptPool, symbol: string | null, units: bigint): bigint {
  const { state, out } = ctx;
  const fund = fundFor(state, pool.asset, symbol);
  const available = fundUnits(state, pool.asset, fund);
  const cover = available > 0n ? (available < units ? available : units) : 0n;
  if (cover === 0n) return units;
  const entries = new Entries(state);
  entries.move(pool.asset, system(fund), pool.holder, cover);
  out.emit({
    type: 'deficitCovered',
    account: pool.account.id,
    asset: pool.asset,
    positionKey: pool.positionKey,
    symbol,
    by: 'insurance',
    fund,
    amount: formatUnits(cover, decimalsOf(state, pool.asset)),
    entries: entries.list,
  });
  emitFundChange(state, out, pool.asset, fund, -cover, 'deficit-cover', { account: pool.account.id });
  return units - cover;
}

function unresolved(ctx: LiquidationContext, pool: BankruptPool, symbol: string | null, units: bigint, reason: string, side: Side | null = null): void {
  const fund = fundFor(ctx.state, pool.asset, symbol);
  const decimals = decimalsOf(ctx.state, pool.asset);
  ctx.out.emit({
    type: 'deficitUnresolved',
    account: pool.account.id,
    asset: pool.asset,
    positionKey: pool.positionKey,
    symbol,
    side,
    amount: formatUnits(units, decimals),
    reason,
    fund,
    fundBalance: formatUnits(fundUnits(ctx.state, pool.asset, fund), decimals),
    entries: [],
  });
}

/** Deleverage the opposite side of `part` for `uncovered` units of its deficit share; returns what is left. */
function deleverage(ctx: LiquidationContext, pool: BankruptPool, part: ClosedPart, share: bigint, uncovered: bigint): bigint {
  const { state, out } = ctx;
  const market = state.markets.get(part.symbol);
  if (market === undefined || market.markPrice === null) return uncovered;
  const instrument = market.instrument;
  const asset = instrument.settle;
  const decimals = decimalsOf(state, asset);
  const counterSide: Side = part.side === 'long' ? 'short' : 'long';
  const lot = instrument.lotSize ?? 1n;
  const needed = divRound(part.size * uncovered, share, 'ceil');
  const wanted = divRound(needed, lot, 'ceil') * lot;
  let remaining = wanted < part.size ? wanted : part.size;
  const price = deficitPrice(instrument, part.markPrice, part.side, fromUnits(share, decimals), part.size);
  // One price for every close of this share: formatted once.
  const priceText = price === null ? null : formatFixed(price);
  let paid = 0n;
  for (const entry of ctx.ranking(market, counterSide).live()) {
    if (remaining <= 0n || paid >= uncovered) break;
    const { position, account } = entry;
    if (ctx.closing.has(position) || sideOf(position) !== counterSide) continue;
    const held = absSize(position);
    const size = held < remaining ? held : remaining;
    const fullHaircut = divRound(size * share, part.size, 'ceil');
    const haircut = fullHaircut < uncovered - paid ? fullHaircut : uncovered - paid;
    const entries = new Entries(state);
    const close = realizeCloseUnits(state, entries, account, market, position, size, part.markPrice);
    entries.move(asset, holderOf(account, position), pool.holder, haircut);
    if (close.flat) removeClosed(state, entries, account, market, position);
    out.emit({
      type: 'autoDeleveraged',
      account: account.id,
      asset,
      symbol: part.symbol,
      positionKey: position.key,
      side: counterSide,
      size: formatFixed(size),
      price: priceText,
      markPrice: markText(part.markPrice),
      rank: entry.rank,
      queue: entry.count,
      realizedPnl: formatUnits(close.pnlUnits - haircut, decimals),
      haircut: formatUnits(haircut, decimals),
      bankruptAccount: pool.account.id,
      bankruptPositionKey: part.position.key,
      remainingSize: formatFixed(close.flat ? 0n : position.size),
      entries: entries.list,
    });
    remaining -= size;
    paid += haircut;
    ctx.enqueue(account.id, asset);
  }
  return uncovered - paid;
}
