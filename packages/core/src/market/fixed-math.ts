/**
 * Transcendental functions on kernel values (scale E18), computed with bigint series so every
 * machine gets the same digits: `Math.exp`/`Math.log` are not required to be correctly rounded,
 * and the EMA of the Hyperliquid mark and the CBOE volatility method both need exp, ln and sqrt.
 *
 * Work is done at a guard scale of 10^36 and the result is truncated toward zero to E18, so the
 * absolute error of `expFixed` and `lnFixed` is below 2e-18 for the ranges used here
 * (|x| <= 60 for exp, 1e-18 <= x <= 1e18 for ln); `sqrtFixed` is exact up to its named rounding.
 */
import { ONE, type Fixed } from '../num/fixed.js';
import { divRound, type Rounding } from '../num/rounding.js';

const GUARD = 10n ** 36n;
const GUARD_PER_ONE = GUARD / ONE;

/** atanh(1/n) x GUARD by its series, for the constant ln 2 = 2 atanh(1/3). */
function atanhInverse(n: bigint): bigint {
  const nSquared = n * n;
  let power = GUARD / n;
  let sum = power;
  for (let k = 3n; power !== 0n; k += 2n) {
    power /= nSquared;
    sum += power / k;
  }
  return sum;
}

const LN2_GUARD = 2n * atanhInverse(3n);

/** e^r x GUARD for |r| <= ln2 / 2 given at GUARD scale (Taylor series). */
function expSmall(rGuard: bigint): bigint {
  let term = GUARD;
  let sum = GUARD;
  for (let k = 1n; term !== 0n; k++) {
    term = (term * rGuard) / (GUARD * k);
    sum += term;
  }
  return sum;
}

/** e^x; exp of anything below -42 is below 1e-18 and returns 0. */
export function expFixed(x: Fixed): Fixed {
  if (x < -42n * ONE) return 0n;
  const xGuard = x * GUARD_PER_ONE;
  const k = divRound(xGuard, LN2_GUARD, 'halfEven');
  const r = xGuard - k * LN2_GUARD;
  const scaled = expSmall(r);
  const value = k >= 0n ? scaled << k : scaled >> -k;
  return value / GUARD_PER_ONE;
}

/** ln x for x > 0. */
export function lnFixed(x: Fixed): Fixed {
  if (x <= 0n) throw new RangeError('condition failed: ln of a non-positive value');
  // x = m x 2^k with m in [1, 2), then ln m = 2 atanh((m - 1) / (m + 1)).
  let m = x * GUARD_PER_ONE;
  let k = 0n;
  while (m >= 2n * GUARD) {
    m /= 2n;
    k++;
  }
  while (m < GUARD) {
    m *= 2n;
    k--;
  }
  const z = ((m - GUARD) * GUARD) / (m + GUARD);
  const zSquared = (z * z) / GUARD;
  let power = z;
  let sum = z;
  for (let n = 3n; power !== 0n; n += 2n) {
    power = (power * zSquared) / GUARD;
    sum += power / n;
  }
  const lnGuard = 2n * sum + k * LN2_GUARD;
  return divRound(lnGuard, GUARD_PER_ONE, 'trunc');
}

/** Integer square root, floor. */
export function isqrt(n: bigint): bigint {
  if (n < 0n) throw new RangeError('condition failed: square root of a negative value');
  if (n < 2n) return n;
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / 2)); // above the root; Newton descends
  for (;;) {
    const next = (x + n / x) >> 1n;
    if (next >= x) break;
    x = next;
  }
  while (x * x > n) x--;
  while ((x + 1n) * (x + 1n) <= n) x++;
  return x;
}

/** sqrt x for x >= 0, rounded as named ('floor'/'trunc' or 'ceil'; 'halfEven' to nearest). */
export function sqrtFixed(x: Fixed, rounding: Rounding): Fixed {
  const scaled = x * ONE;
  const root = isqrt(scaled);
  if (root * root === scaled) return root;
  if (rounding === 'ceil') return root + 1n;
  if (rounding === 'halfEven') {
    // root + 1/2 squared = root^2 + root + 1/4: compare 4 x scaled with (2 root + 1)^2.
    const twice = 2n * root + 1n;
    return 4n * scaled > twice * twice ? root + 1n : root;
  }
  return root;
}
