/**
 * Tiered collateral haircuts applied marginally: each slice of a holding between two tier bounds
 * counts at its own tier's value ratio (1 - haircut), so the valued amount is monotone in the
 * holding and continuous across every tier boundary (a whole-holding step rule would jump).
 * Bounds are in the asset's quantity (Bybit UTA, OKX from 2025) or in reference-currency value
 * (OKX until 2024, Binance cross margin); the unit is stored with the tiers.
 */
import { InputError, type PathSegment } from '../errors.js';
import { ONE, formatFixed, mul, type Fixed } from '../num/index.js';
import { sizeDiscountRatio, type SizeDiscount } from './size-discount.js';

export type HaircutTierUnit = 'quantity' | 'reference';

export interface HaircutTier {
  /** Upper bound of the slice (exclusive of the next tier), in the tiers' unit; null: unbounded. */
  readonly upTo: Fixed | null;
  /** Value ratio of the slice, 0..1 (1 - haircut). */
  readonly ratio: Fixed;
}

export interface HaircutTable {
  readonly unit: HaircutTierUnit;
  /** Ascending bounds; past the last bounded tier the ratio is 0 unless the last tier is unbounded. */
  readonly tiers: readonly HaircutTier[];
  /** A size discount on the whole holding besides the tiers (Drift's IMF factor: size-discount.ts). */
  readonly sizeDiscount?: SizeDiscount;
}

/** Check a table: at least one tier, ratios in [0, 1], bounds strictly ascending, only the last unbounded. */
export function validateHaircutTable(table: HaircutTable, path: readonly PathSegment[]): HaircutTable {
  if (table.tiers.length === 0) throw new InputError([...path, 'tiers'], 'must have at least 1 tier');
  let previous = 0n;
  table.tiers.forEach((tier, i) => {
    const at = [...path, 'tiers', i];
    if (tier.ratio < 0n || tier.ratio > ONE) throw new InputError([...at, 'ratio'], `must be between 0 and 1, got ${formatFixed(tier.ratio)}`);
    if (tier.upTo === null) {
      if (i !== table.tiers.length - 1) throw new InputError([...at, 'upTo'], 'only the last tier may be unbounded (tiers out of order)');
      return;
    }
    if (tier.upTo <= previous) throw new InputError([...at, 'upTo'], `tiers out of order: bound must be above the previous bound (${i === 0 ? 'above 0' : 'ascending'})`);
    previous = tier.upTo;
  });
  if (table.sizeDiscount !== undefined && table.sizeDiscount.imfFactor < 0n) throw new InputError([...path, 'sizeDiscount', 'imfFactor'], 'must not be negative');
  return table;
}

/**
 * Value of a holding of `quantity` (> 0) at `indexPrice` (reference per unit) after the haircut,
 * rounded down (a credit to the account). Each slice's value is kept exact at E36 and the sum is
 * rounded once, so splitting a holding never gains from rounding.
 */
export function haircutValue(quantity: Fixed, indexPrice: Fixed, table: HaircutTable): Fixed {
  if (quantity <= 0n) return 0n;
  // Work in the tiers' unit: quantity, or the reference value of the holding (E18).
  const amount = table.unit === 'quantity' ? quantity : mul(quantity, indexPrice, 'floor');
  let lower = 0n;
  let weighted = 0n; // sum slice x ratio, E36
  for (const tier of table.tiers) {
    if (lower >= amount) break;
    const upper = tier.upTo === null || tier.upTo > amount ? amount : tier.upTo;
    weighted += (upper - lower) * tier.ratio;
    lower = upper;
  }
  // Past the last bounded tier the slice counts 0.
  const tiered = table.unit === 'quantity' ? (weighted * indexPrice) / (ONE * ONE) : weighted / ONE;
  if (table.sizeDiscount === undefined) return tiered;
  // The size discount caps the whole holding: quantity x price x 1.1 / (1 + imf x sqrt(quantity)).
  const capped = (quantity * indexPrice * sizeDiscountRatio(quantity, table.sizeDiscount)) / (ONE * ONE);
  return capped < tiered ? capped : tiered;
}

/** The marginal ratio at a holding (the slice the next unit falls in), for reports. */
export function marginalRatio(quantity: Fixed, indexPrice: Fixed, table: HaircutTable): Fixed {
  const amount = table.unit === 'quantity' ? quantity : mul(quantity, indexPrice, 'floor');
  let ratio = 0n;
  for (const tier of table.tiers) {
    if (tier.upTo === null || amount < tier.upTo) {
      ratio = tier.ratio;
      break;
    }
  }
  if (table.sizeDiscount === undefined || quantity <= 0n) return ratio;
  const discounted = sizeDiscountRatio(quantity, table.sizeDiscount);
  return discounted < ratio ? discounted : ratio;
}
