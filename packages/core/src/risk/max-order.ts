/**
 * The largest new cross order a balance allows in one symbol (`margin risk --max-order SYMBOL`):
 * the biggest lot multiple whose position, opened at the mark at the tier's maximum leverage,
 * leaves the cross pool with equity >= initial margin + open-order margin. The size is searched
 * with the exact kernel (`computeRisk`), so the tier a size falls in, and its leverage cap, are the
 * ones the margin report would use.
 */
import { InputError } from '../errors.js';
import type { Fixed } from '../num/index.js';
import type { Side } from '../position/position-math.js';
import { computeRisk } from './compute-risk.js';
import type { PositionRisk, RiskRequest } from './types.js';

export interface MaxOrder {
  readonly symbol: string;
  readonly side: Side;
  /** Contracts, a lot multiple; 0 when not even one lot fits. */
  readonly size: Fixed;
  /** The position the order would open, as the margin report computes it; null when size is 0. */
  readonly position: PositionRisk | null;
  /** Equity - IM - order margin of the cross pool after the order (>= 0). */
  readonly freeAfter: Fixed;
}

/** Sizes up to 10^15 contracts: far beyond any balance, and a bound on the search. */
const SIZE_MAX = 10n ** 33n;

export function maxOrder(request: RiskRequest, symbol: string, side: Side): MaxOrder {
  const instrument = request.instruments.get(symbol);
  if (instrument === undefined) throw new InputError(['--max-order'], `unknown symbol "${symbol}" (not in instruments)`);
  const mark = request.markPrices.get(symbol);
  if (mark === undefined) throw new InputError(['--max-order'], `no mark price for ${symbol}`);
  const asset = request.account.asset;
  if (asset !== null && asset !== instrument.settle) {
    throw new InputError(['--max-order'], `${symbol} settles in ${instrument.settle}, the cross pool in ${asset}: a cross order must share its settle asset`);
  }
  if (request.account.positionMode === 'one-way' && request.positions.some((p) => p.symbol === symbol)) {
    throw new InputError(['--max-order'], `the account already holds ${symbol} (one-way mode): the maximum is computed for a new position; leave it out of the input or use positionMode "hedge"`);
  }
  if (request.positions.some((p) => p.symbol === symbol && p.side === side)) {
    throw new InputError(['--max-order'], `the account already holds ${symbol} ${side}: the maximum is computed for a new position`);
  }
  const lot = instrument.lotSize ?? 1n;
  const account = { ...request.account, asset: instrument.settle };
  const probe = (lots: bigint): { free: Fixed; position: PositionRisk | null } => {
    const size = lots * lot;
    const positions = size === 0n ? request.positions : [...request.positions, { symbol, side, size, entryPrice: mark, leverage: null, margin: 'cross' as const, isolatedBalance: null }];
    const report = computeRisk({ ...request, account, positions });
    const a = report.account;
    return { free: a.equity - a.initialMargin - a.orderMargin, position: size === 0n ? null : (report.positions[report.positions.length - 1] ?? null) };
  };
  const none = probe(0n);
  if (none.free < 0n || probe(1n).free < 0n) return { symbol, side, size: 0n, position: null, freeAfter: none.free };
  // Doubling, then bisection, over lots: the largest count whose free margin is >= 0.
  let good = 1n;
  let bad = 2n;
  while (bad * lot <= SIZE_MAX && probe(bad).free >= 0n) {
    good = bad;
    bad *= 2n;
  }
  while (bad - good > 1n) {
    const mid = (good + bad) / 2n;
    if (probe(mid).free >= 0n) good = mid;
    else bad = mid;
  }
  const best = probe(good);
  return { symbol, side, size: good * lot, position: best.position, freeAfter: best.free };
}
