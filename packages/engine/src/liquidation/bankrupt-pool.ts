/**
 * The bankrupt path without the risk report: a liquidated pool whose equity is at or below zero
 * closes every position at the mark (`liquidatePool`), and all that path reads is the pool's
 * equity and maintenance (the `liquidationStarted` event) and each position's bankruptcy price
 * (its fill). Here they come from core's pool kernel (`poolSums`, `legPnl`, `legMaintenance`: the
 * figures `computeRisk` reports, property-tested there) and one bankruptcy solve per symbol of the
 * pool (`poolBankruptcyPrice`, property-tested against computeRisk's report), instead of
 * `poolState`'s view, maps and full report: a crash liquidates thousands of such pools.
 *
 * Only for plain pools, where those figures are exactly `poolState`'s: a profile the kernel
 * covers, an account in per-position margin (no portfolio model), and no open orders (so none is
 * cancelled and no order margin enters the bankruptcy constant). Anything else returns null and
 * takes the report path.
 */
import { createPoolLegs, fromUnits, legMaintenance, legPnl, poolBankruptcyPrice, poolKernelSupports, poolSums, pushLeg, type BankruptcyLeg, type Fixed, type PoolSums } from '@margin/core';
import { walletUnits } from '../ledger/ledger.js';
import type { EngineState, Position } from '../state/types.js';
import { decimalsOf, type PoolRef } from './pool-state.js';

/** What closing a bankrupt pool reads of a member (a `PoolMember` has it too). */
export interface BankruptMember {
  readonly position: Position;
  readonly risk: { readonly markPrice: Fixed; readonly bankruptcyPrice: Fixed | null };
}

export interface BankruptPool {
  readonly equity: Fixed;
  readonly maintenance: Fixed;
  /** In key order, as `poolState` lists them. */
  readonly members: readonly BankruptMember[];
}

/** Scratch columns (one call at a time: it does not re-enter). */
const scratchLegs = createPoolLegs();
const scratchSums: PoolSums = { equity: 0n, maintenance: 0n };

/** The pool's figures when it is plain and bankrupt (equity <= 0 < maintenance); otherwise null. */
export function plainBankruptPool(state: EngineState, ref: PoolRef): BankruptPool | null {
  const { account, asset, positionKey } = ref;
  const profile = state.profile;
  if (!poolKernelSupports(profile) || account.portfolioModel !== null || account.orders.size > 0) return null;
  const decimals = decimalsOf(state, asset);
  if (positionKey !== null) {
    const position = account.positions.get(positionKey);
    if (position === undefined) return null;
    const market = state.markets.get(position.symbol);
    if (market === undefined || market.instrument.settle !== asset || market.markPrice === null) return null;
    const { instrument, markPrice } = market;
    const balance = fromUnits(position.isolatedUnits, decimals);
    const equity = balance + legPnl(instrument, position.size, position.entryPrice, markPrice);
    if (equity > 0n) return null;
    const size = position.size < 0n ? -position.size : position.size;
    const maintenance = legMaintenance(profile, instrument, size, position.entryPrice, markPrice);
    if (!(equity < maintenance)) return null;
    const bankruptcyPrice = poolBankruptcyPrice(profile, instrument, markPrice, balance, [position]);
    return { equity, maintenance, members: [{ position, risk: { markPrice, bankruptcyPrice } }] };
  }
  const positions: Position[] = [];
  for (const position of account.positions.values()) {
    if (position.margin === 'cross' && state.markets.get(position.symbol)?.instrument.settle === asset) positions.push(position);
  }
  if (positions.length === 0) return null;
  if (positions.length > 1) positions.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const wallet = fromUnits(walletUnits(account, asset), decimals);
  scratchLegs.count = 0;
  for (const position of positions) {
    const market = state.markets.get(position.symbol);
    if (market === undefined || market.markPrice === null) return null;
    pushLeg(scratchLegs, market.instrument, position.size, position.entryPrice, market.markPrice);
  }
  const { equity, maintenance } = poolSums(profile, wallet, scratchLegs, scratchSums);
  if (equity > 0n || !(equity < maintenance)) return null;
  const members: BankruptMember[] = [];
  if (positions.length === 1) {
    const position = positions[0] as Position;
    const market = state.markets.get(position.symbol);
    if (market === undefined || market.markPrice === null) return null;
    const bankruptcyPrice = poolBankruptcyPrice(profile, market.instrument, market.markPrice, wallet, [position]);
    members.push({ position, risk: { markPrice: market.markPrice, bankruptcyPrice } });
    return { equity, maintenance, members };
  }
  // Several symbols: each symbol's constant is the wallet plus the other symbols' PnL.
  const pnlBySymbol = new Map<string, Fixed>();
  let pnlTotal = 0n;
  for (const position of positions) {
    const market = state.markets.get(position.symbol);
    if (market === undefined || market.markPrice === null) return null;
    const pnl = legPnl(market.instrument, position.size, position.entryPrice, market.markPrice);
    pnlBySymbol.set(position.symbol, (pnlBySymbol.get(position.symbol) ?? 0n) + pnl);
    pnlTotal += pnl;
  }
  const priceBySymbol = new Map<string, Fixed | null>();
  for (const position of positions) {
    const market = state.markets.get(position.symbol);
    if (market === undefined || market.markPrice === null) return null;
    let bankruptcyPrice = priceBySymbol.get(position.symbol);
    if (bankruptcyPrice === undefined) {
      const legs: BankruptcyLeg[] = positions.filter((mate) => mate.symbol === position.symbol);
      const constant = wallet + pnlTotal - (pnlBySymbol.get(position.symbol) ?? 0n);
      bankruptcyPrice = poolBankruptcyPrice(profile, market.instrument, market.markPrice, constant, legs);
      priceBySymbol.set(position.symbol, bankruptcyPrice);
    }
    members.push({ position, risk: { markPrice: market.markPrice, bankruptcyPrice } });
  }
  return { equity, maintenance, members };
}
