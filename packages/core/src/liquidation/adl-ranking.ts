/**
 * Auto-deleveraging (ADL) ranking: which profitable opposite-side positions are closed first when
 * the insurance fund cannot cover a bankrupt position.
 *
 * Binance ("counterparty liquidation", https://www.binance.com/en/support/faq/360033525471):
 *   PnlPercent   = max(0, unrealisedPnl) / max(1, walletBalance)
 *   MarginRatio  = 0 if equity <= 0 else MM / equity
 *   LeveragePnl  = PnlPercent x MarginRatio; quantile = rank / count
 * BitMEX (https://www.bitmex.com/app/adl, copied by many venues):
 *   PnL%   = (markValue - entryValue) / |entryValue|
 *   EffLev = |markValue| / (markValue - bankruptValue)
 *   score  = PnL% x EffLev if PnL% > 0 else PnL% / EffLev
 * Scores are exact rationals (ranking compares them exactly); ties keep the input order, which
 * callers make deterministic (e.g. sorted by account id).
 */
import { Rational, R0, R1 } from '../num/rational.js';
import type { Fixed } from '../num/fixed.js';

export type AdlMethod = 'binance' | 'bitmex';

export interface AdlCandidate {
  readonly account: string;
  /** Contracts that can be deleveraged (unsigned). */
  readonly size: Fixed;
  readonly unrealizedPnl: Fixed;
  readonly walletBalance: Fixed;
  readonly equity: Fixed;
  readonly maintenanceMargin: Fixed;
  /** Position value at the mark and at entry, and at the bankruptcy price (signed, long > 0). */
  readonly markValue: Fixed;
  readonly entryValue: Fixed;
  readonly bankruptValue: Fixed;
}

export interface AdlRanked extends AdlCandidate {
  readonly score: Rational;
  /** 1 = first to be deleveraged. */
  readonly rank: number;
  /** rank / count as a decimal in (0, 1]; venues show it as 1-5 lights. */
  readonly quantile: Rational;
}

const fixed = (value: Fixed): Rational => Rational.fromFixed(value);

export function adlScore(method: AdlMethod, c: AdlCandidate): Rational {
  if (method === 'binance') {
    const profit = c.unrealizedPnl > 0n ? fixed(c.unrealizedPnl) : R0;
    const wallet = fixed(c.walletBalance);
    const pnlPercent = profit.div(wallet.cmp(R1) > 0 ? wallet : R1);
    const marginRatio = c.equity <= 0n ? R0 : fixed(c.maintenanceMargin).div(fixed(c.equity));
    return pnlPercent.mul(marginRatio);
  }
  const entry = fixed(c.entryValue);
  if (entry.isZero()) return R0;
  const pnlPercent = fixed(c.markValue).sub(entry).div(entry.sign() < 0 ? entry.neg() : entry);
  const cushion = fixed(c.markValue).sub(fixed(c.bankruptValue));
  if (cushion.sign() === 0) return pnlPercent; // no cushion left: leverage undefined, rank by PnL% alone
  const mark = fixed(c.markValue);
  const effectiveLeverage = (mark.sign() < 0 ? mark.neg() : mark).div(cushion.sign() < 0 ? cushion.neg() : cushion);
  return pnlPercent.sign() > 0 ? pnlPercent.mul(effectiveLeverage) : pnlPercent.div(effectiveLeverage);
}

/** Highest score first; ties keep input order. */
export function rankForAdl(method: AdlMethod, candidates: readonly AdlCandidate[]): AdlRanked[] {
  const scored = candidates.map((candidate, index) => ({ candidate, index, score: adlScore(method, candidate) }));
  scored.sort((a, b) => b.score.cmp(a.score) || a.index - b.index);
  const count = BigInt(scored.length);
  return scored.map(({ candidate, score }, i) => ({
    ...candidate,
    score,
    rank: i + 1,
    quantile: new Rational(BigInt(i + 1), count),
  }));
}

export interface AdlAllocation {
  readonly account: string;
  readonly size: Fixed;
}

/**
 * Close `size` contracts against the ranked counterparties in order, each up to its own size.
 * Returns the allocations and what could not be allocated (0 unless the book side is too small).
 */
export function allocateAdl(ranked: readonly AdlCandidate[], size: Fixed): { allocations: AdlAllocation[]; unallocated: Fixed } {
  let remaining = size;
  const allocations: AdlAllocation[] = [];
  for (const candidate of ranked) {
    if (remaining <= 0n) break;
    const take = candidate.size < remaining ? candidate.size : remaining;
    if (take <= 0n) continue;
    allocations.push({ account: candidate.account, size: take });
    remaining -= take;
  }
  return { allocations, unallocated: remaining };
}
