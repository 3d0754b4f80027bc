/**
 * Slow, obviously-correct reference of the margin formulas in exact rationals, written from the
 * definitions (docs/glossary.md) and independent of the fixed-point kernel. Used only by tests.
 *
 * notional  linear: size x cs x P            inverse: size x cs / P
 * PnL       linear: s x size x cs x (P - e)  inverse: s x size x cs x (1/e - 1/P)
 * MM = notional x rate - amount (tier by notional), IM = notional / min(leverage, tier max)
 * pool slack f(P) = balance + sum PnL - sum MM; liquidation where f = 0; bankruptcy where
 * balance + sum PnL = 0.
 */
import { Rational, R0 } from '../num/rational.js';

export interface RefTier {
  readonly floor: Rational;
  readonly rate: Rational;
  readonly amount: Rational;
  readonly maxLeverage: Rational;
}

export interface RefInstrument {
  readonly inverse: boolean;
  readonly contractSize: Rational;
  readonly tiers: readonly RefTier[];
}

export interface RefPosition {
  readonly instrument: RefInstrument;
  readonly symbol: string;
  readonly side: 1 | -1;
  readonly size: Rational;
  readonly entry: Rational;
  readonly leverage: Rational | null;
}

/** Tiers from text rows, amounts derived by the recursion written out plainly. */
export function refTiers(rows: ReadonlyArray<{ floor: string; rate: string; maxLeverage: string }>): RefTier[] {
  const tiers: RefTier[] = [];
  for (const row of rows) {
    const previous = tiers[tiers.length - 1];
    const floor = Rational.of(row.floor);
    const rate = Rational.of(row.rate);
    const amount = previous === undefined ? R0 : previous.amount.add(floor.mul(rate.sub(previous.rate)));
    tiers.push({ floor, rate, amount, maxLeverage: Rational.of(row.maxLeverage) });
  }
  return tiers;
}

export function refNotional(p: RefPosition, price: Rational): Rational {
  const quantity = p.size.mul(p.instrument.contractSize);
  return p.instrument.inverse ? quantity.div(price) : quantity.mul(price);
}

export function refTier(p: RefPosition, price: Rational): RefTier {
  const notional = refNotional(p, price);
  let chosen = p.instrument.tiers[0];
  for (const tier of p.instrument.tiers) if (tier.floor.cmp(notional) <= 0) chosen = tier;
  if (chosen === undefined) throw new Error('no tiers');
  return chosen;
}

export function refMaintenance(p: RefPosition, price: Rational): Rational {
  const tier = refTier(p, price);
  return refNotional(p, price).mul(tier.rate).sub(tier.amount);
}

export function refInitial(p: RefPosition, price: Rational): Rational {
  const tier = refTier(p, price);
  const leverage = p.leverage === null || p.leverage.cmp(tier.maxLeverage) > 0 ? tier.maxLeverage : p.leverage;
  return refNotional(p, price).div(leverage);
}

export function refPnl(p: RefPosition, price: Rational): Rational {
  const quantity = p.size.mul(p.instrument.contractSize).mul(new Rational(BigInt(p.side)));
  if (p.instrument.inverse) return quantity.mul(Rational.of(1).div(p.entry).sub(Rational.of(1).div(price)));
  return quantity.mul(price.sub(p.entry));
}

/** balance + PnL - MM of a pool, with `moving` re-priced at `price` and the rest at their marks. */
export function refSlack(
  balance: Rational,
  pool: ReadonlyArray<{ position: RefPosition; mark: Rational }>,
  moving: string,
  price: Rational,
  withMaintenance: boolean,
): Rational {
  let slack = balance;
  for (const { position, mark } of pool) {
    const at = position.symbol === moving ? price : mark;
    slack = slack.add(refPnl(position, at));
    if (withMaintenance) slack = slack.sub(refMaintenance(position, at));
  }
  return slack;
}

/**
 * Exact root of the pool slack in the price of `moving` (one position of that symbol), by trying
 * every tier and keeping the self-consistent roots; the one nearest `mark`. null if none > 0.
 */
export function refRoot(
  balance: Rational,
  pool: ReadonlyArray<{ position: RefPosition; mark: Rational }>,
  moving: RefPosition,
  mark: Rational,
  withMaintenance: boolean,
): Rational | null {
  const others = pool.filter((entry) => entry.position !== moving);
  const rest = refSlack(balance, others, moving.symbol, mark, withMaintenance);
  const quantity = moving.size.mul(moving.instrument.contractSize);
  const s = new Rational(BigInt(moving.side));
  let best: Rational | null = null;
  const candidates = withMaintenance ? moving.instrument.tiers : [{ floor: R0, rate: R0, amount: R0, maxLeverage: R0 }];
  for (const tier of candidates) {
    // linear: rest + s q (P - e) - (q P rate - amount) = 0
    //   => P (s q - q rate) = s q e - amount - rest
    // inverse, x = 1/P: rest + s q/e - s q x - (q x rate - amount) = 0
    //   => x (s q + q rate) = rest + s q / e + amount
    let root: Rational | null;
    if (moving.instrument.inverse) {
      const coefficient = s.mul(quantity).add(quantity.mul(tier.rate));
      const constant = rest.add(s.mul(quantity).div(moving.entry)).add(tier.amount);
      root = coefficient.isZero() || constant.isZero() ? null : coefficient.div(constant);
    } else {
      const coefficient = s.mul(quantity).sub(quantity.mul(tier.rate));
      const constant = s.mul(quantity).mul(moving.entry).sub(tier.amount).sub(rest);
      root = coefficient.isZero() ? null : constant.div(coefficient);
    }
    if (root === null || root.sign() <= 0) continue;
    if (withMaintenance && refTier(moving, root) !== tier) {
      // At an exact tier floor both neighbours give the same MM; accept either.
      const slack = refSlack(balance, pool, moving.symbol, root, true);
      if (!slack.isZero()) continue;
    }
    if (best === null || root.sub(mark).toNumber() ** 2 < best.sub(mark).toNumber() ** 2) best = root;
  }
  return best;
}
