/**
 * ADL ranking of the positions of one symbol and side, in the order of core's `rankForAdl` (found
 * with `adlOrder`, ADR 0020) and the profile's formula (Binance leverage-PnL, BitMEX PnL% x
 * effective leverage). Candidates are every position on that side; ties rank in (account, key)
 * order so the ranking is deterministic; the figures come from the
 * exact kernel (no price solves: the bankruptcy value is the mark value minus the pool's equity,
 * which is exactly where that symbol's move would leave the pool at zero).
 *
 * `adlRanks(state, symbol)` publishes the ranks (both sides) so users can see their place in the
 * queue; `accountRiskJson(..., { adl: true })` adds each position's rank to the risk report.
 */
import {
  adlOrder,
  adlScore,
  formatFixed,
  fromUnits,
  isInverse,
  notionalAt,
  rankForAdl,
  Rational,
  type AdlCandidate,
  type Fixed,
  type Side,
} from '@margin/core';
import { walletUnits } from '../ledger/ledger.js';
import type { Account, EngineState, Market, Position } from '../state/types.js';
import { absSize, sideOf } from './close.js';
import { decimalsOf, poolTotals } from './pool-state.js';

export interface RankedPosition {
  readonly position: Position;
  readonly accountId: string;
  /** The holder (resolved once at ranking, so the queue does not look it up per visit). */
  readonly account: Account;
  readonly side: Side;
  /** 1 = first to be deleveraged. */
  readonly rank: number;
  readonly count: number;
}

export interface AdlRankJson {
  account: string;
  positionKey: string;
  side: Side;
  rank: number;
  count: number;
  /** rank / count, 10 decimals (rounded up). */
  quantile: string;
  /** 5 = top fifth of the queue (deleveraged first) ... 1 = last fifth; the venues' lights. */
  indicator: number;
  /** The ranking score, 10 decimals (display only; the ranking compares exact rationals). */
  score: string;
}

const byAccountThenKey = (a: Position, b: Position): number =>
  a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;

function value(market: Market, side: Side, size: Fixed, price: Fixed): Fixed {
  const notional = notionalAt(market.instrument, size, price, 'ceil');
  const sign = side === 'long' ? 1n : -1n;
  // Inverse values are in coin and fall as the price rises (BitMEX convention: a long is negative).
  return isInverse(market.instrument.kind) ? -sign * notional : sign * notional;
}

/**
 * The inputs a cross pool's figures are a function of (with the fast kernel, whose profile needs
 * no price solve): the profile, the wallet, and each position's size, entry, instrument and mark.
 * A bankruptcy ranks every holder of a symbol; a holder of several symbols is ranked again for
 * each of them within the same command, mostly with nothing of its pool changed since.
 */
interface CrossMemo {
  readonly profile: unknown;
  readonly asset: string;
  readonly walletUnits: bigint;
  /** Per position in `asset`, in the account's order: position, margin mode, size, entry, instrument, mark. */
  readonly inputs: readonly unknown[];
  readonly figures: { equity: Fixed; maintenance: Fixed };
}

const crossMemos = new WeakMap<Account, CrossMemo>();

function crossInputs(state: EngineState, account: Account, asset: string): unknown[] {
  const inputs: unknown[] = [];
  for (const position of account.positions.values()) {
    const market = state.markets.get(position.symbol);
    if (market === undefined || market.instrument.settle !== asset) continue;
    inputs.push(position, position.margin, position.size, position.entryPrice, market.instrument, market.markPrice);
  }
  return inputs;
}

/** The cross pool's equity and maintenance, from the memo when none of its inputs changed. */
function crossTotals(state: EngineState, account: Account, asset: string): { equity: Fixed; maintenance: Fixed } {
  if (state.profile.maintenanceCloseFee === 'bankruptcy') return poolTotals(state, { account, asset, positionKey: null });
  const wallet = walletUnits(account, asset);
  const inputs = crossInputs(state, account, asset);
  const memo = crossMemos.get(account);
  if (
    memo !== undefined &&
    memo.profile === state.profile &&
    memo.asset === asset &&
    memo.walletUnits === wallet &&
    memo.inputs.length === inputs.length &&
    memo.inputs.every((input, i) => input === inputs[i])
  ) {
    return memo.figures;
  }
  const figures = poolTotals(state, { account, asset, positionKey: null });
  crossMemos.set(account, { profile: state.profile, asset, walletUnits: wallet, inputs, figures });
  return figures;
}

interface SideCandidates {
  readonly positions: readonly Position[];
  /** The holder of each position. */
  readonly accounts: readonly Account[];
  readonly candidates: readonly AdlCandidate[];
}

/** The ranking figures of every position of `side` in `market` (in scan order; the order is applied later). */
function sideCandidates(state: EngineState, market: Market, side: Side, memo: boolean): SideCandidates {
  const markPrice = market.markPrice;
  if (markPrice === null) return { positions: [], accounts: [], candidates: [] };
  const asset = market.instrument.settle;
  const decimals = decimalsOf(state, asset);
  const positions = (state.scan.itemsOfSymbol(market.symbolIndex) as Position[]).filter((p) => sideOf(p) === side);
  const crossPools = new Map<string, { equity: Fixed; maintenance: Fixed }>();
  const accounts: Account[] = [];
  const candidates: AdlCandidate[] = positions.map((position, index) => {
    const account = state.accounts.get(position.accountId);
    if (account === undefined) throw new RangeError(`condition failed: account ${position.accountId} exists`);
    accounts.push(account);
    const size = absSize(position);
    let figures: { equity: Fixed; maintenance: Fixed };
    let walletBalance: Fixed;
    if (position.margin === 'isolated') {
      figures = poolTotals(state, { account, asset, positionKey: position.key });
      walletBalance = fromUnits(position.isolatedUnits, decimals);
    } else {
      let cached = crossPools.get(account.id);
      if (cached === undefined) {
        cached = memo ? crossTotals(state, account, asset) : poolTotals(state, { account, asset, positionKey: null });
        crossPools.set(account.id, cached);
      }
      figures = cached;
      walletBalance = fromUnits(walletUnits(account, asset), decimals);
    }
    const markValue = value(market, side, size, markPrice);
    const entryValue = value(market, side, size, position.entryPrice);
    // In both conventions the PnL is the change of value since entry.
    const unrealizedPnl = markValue - entryValue;
    return {
      account: String(index),
      size,
      unrealizedPnl,
      walletBalance,
      equity: figures.equity,
      maintenanceMargin: figures.maintenance,
      markValue,
      entryValue,
      bankruptValue: markValue - figures.equity,
    };
  });
  return { positions, accounts, candidates };
}

/**
 * Ranked positions of `side` in `market`, best candidate (first to be deleveraged) first: score
 * descending, ties in (account, key) order. The order comes from core's `adlOrder` (float scores,
 * exact rationals only for ties and near ties, ADR 0020), which equals `rankForAdl` over the
 * candidates in (account, key) order (`rankSideReference`).
 */
export function rankSide(state: EngineState, market: Market, side: Side): { ranked: RankedPosition[]; candidates: readonly AdlCandidate[] } {
  const { positions, accounts, candidates } = sideCandidates(state, market, side, true);
  const order = adlOrder(state.liquidation.rules.adlRanking, candidates, (a, b) => byAccountThenKey(positions[a] as Position, positions[b] as Position));
  const count = order.length;
  const ranked = order.map((index, i) => {
    const position = positions[index] as Position;
    return { position, accountId: position.accountId, account: accounts[index] as Account, side, rank: i + 1, count };
  });
  return { ranked, candidates: order.map((index) => candidates[index] as AdlCandidate) };
}

/** The slow exact ranking (no memo, every candidate scored as a rational, all sorted): the reference `rankSide` must equal. */
export function rankSideReference(state: EngineState, market: Market, side: Side): { ranked: RankedPosition[]; candidates: readonly AdlCandidate[] } {
  const { positions, accounts, candidates } = sideCandidates(state, market, side, false);
  const byKey = positions.map((position, index) => ({ position, index })).sort((a, b) => byAccountThenKey(a.position, b.position));
  const scores = rankForAdl(
    state.liquidation.rules.adlRanking,
    byKey.map(({ index }) => candidates[index] as AdlCandidate),
  );
  // Each candidate's `account` is its index in `positions`.
  const ranked = scores.map((scored) => {
    const position = positions[Number(scored.account)] as Position;
    return { position, accountId: position.accountId, account: accounts[Number(scored.account)] as Account, side, rank: scored.rank, count: scores.length };
  });
  return { ranked, candidates: scores.map((scored) => candidates[Number(scored.account)] as AdlCandidate) };
}

/**
 * The ADL queue of one side within a command: ranked once, consumed from the front. Positions the
 * queue already closed are skipped for good (a cursor), so a cascade of many bankruptcies walks
 * the queue once, not once per bankruptcy.
 */
export class AdlQueue {
  private cursor = 0;

  constructor(
    private readonly state: EngineState,
    private readonly entries: readonly RankedPosition[],
  ) {}

  /** The command is over: stop any watch the queue keeps on the state (adl-top-queue.ts). */
  release(): void {}

  /** Entries whose position is still held, in rank order. */
  *live(): Generator<RankedPosition> {
    for (let i = this.cursor; i < this.entries.length; i++) {
      const entry = this.entries[i] as RankedPosition;
      // Accounts are never replaced within a command: the holder resolved at ranking is current.
      const held = entry.account.positions.get(entry.position.key) === entry.position;
      if (!held) {
        if (i === this.cursor) this.cursor++;
        continue;
      }
      yield entry;
    }
  }
}

function indicator(rank: number, count: number): number {
  return 5 - Math.floor((5 * (rank - 1)) / count);
}

/** Published ADL ranks of every position in `symbol`, longs then shorts, each in rank order. */
export function adlRanks(state: EngineState, symbol: string): AdlRankJson[] {
  const market = state.markets.get(symbol);
  if (market === undefined) return [];
  const rows: AdlRankJson[] = [];
  for (const side of ['long', 'short'] as const) {
    const { ranked, candidates } = rankSide(state, market, side);
    const method = state.liquidation.rules.adlRanking;
    ranked.forEach((entry, i) => {
      const candidate = candidates[i] as AdlCandidate;
      const quantile = new Rational(BigInt(entry.rank), BigInt(entry.count));
      rows.push({
        account: entry.accountId,
        positionKey: entry.position.key,
        side,
        rank: entry.rank,
        count: entry.count,
        quantile: formatFixed(quantile.toUnits(10, 'ceil') * 10n ** 8n),
        indicator: indicator(entry.rank, entry.count),
        score: formatFixed(adlScore(method, candidate).toUnits(10, 'halfEven') * 10n ** 8n),
      });
    });
  }
  return rows;
}
