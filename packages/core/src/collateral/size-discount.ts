/**
 * Drift's size discount of a collateral asset's weight (the "IMF factor"): a holding of `q` units
 * counts at most `1.1 / (1 + imf x sqrt(q))` of its value, so large deposits get less credit
 * (https://docs.drift.trade/getting-started/cross-collateral-deposits: "Initial Asset Weight on
 * 2000 SOL Collateral ... weight = min(.80, 1.1 / [1 + (0.003 * sqrt(2000))]) = min(.80, ~.96987)
 * = .80"; the program's form is `calculate_size_discount_asset_weight` in drift-labs/protocol-v2
 * programs/drift/src/math/margin.rs). Exact: the square root is rounded up and the ratio down,
 * both against the account. `q x ratio(q)` grows with `q`, so the discounted value is monotone
 * and continuous.
 */
import { ONE, type Fixed } from '../num/index.js';

export interface SizeDiscount {
  /** Drift's IMF factor of the asset (decimal: 0.003 for SOL), >= 0; 0 means no discount. */
  readonly imfFactor: Fixed;
}

/** Integer square root, rounded up. */
function sqrtCeil(value: bigint): bigint {
  if (value <= 0n) return 0n;
  // Newton's iteration from above converges to floor(sqrt); then round up if not exact.
  // The float guess is raised by a relative margin well above its error, so it starts above the root.
  let x = BigInt(Math.ceil(Math.sqrt(Number(value)) * (1 + 1e-9))) + 1n;
  for (;;) {
    const next = (x + value / x) / 2n;
    if (next >= x) break;
    x = next;
  }
  return x * x === value ? x : x + 1n;
}

/** The value ratio the size discount allows for a holding of `quantity` (E18), rounded down; 1.1 at most. */
export function sizeDiscountRatio(quantity: Fixed, discount: SizeDiscount): Fixed {
  const numerator = (ONE * 11n) / 10n;
  if (discount.imfFactor === 0n || quantity <= 0n) return numerator;
  // sqrt(quantity) at E18: sqrt(quantity x 10^18), up.
  const root = sqrtCeil(quantity * ONE);
  const denominator = ONE + (discount.imfFactor * root + ONE - 1n) / ONE;
  return (numerator * ONE) / denominator;
}
