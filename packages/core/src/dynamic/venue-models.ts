/**
 * Crypto venues' own dynamic margin rules, as rate models over a series.
 *
 * dYdX v4 open-interest IMF (dydxprotocol/v4-chain protocol/x/perpetuals/types/liquidity_tier.go,
 * https://github.com/dydxprotocol/v4-chain; docs: https://docs.dydx.exchange margin, "open
 * interest-based IMF"): with open notional N = open interest x oracle price,
 *   upper cap 0: IMF = base;  N ≤ lower: base;  N ≥ upper: 100%;
 *   between: base + (N − lower)/(upper − lower)·(1 − base), rounded up to 1 ppm.
 * The maintenance fraction is not scaled.
 *
 * Drift v2 size premium (drift-labs/protocol-v2 programs/drift/src/math/margin.rs
 * calculate_size_premium_liability_weight, https://github.com/drift-labs/protocol-v2), in its
 * integer form: size in base units of 1e-9, ratio in 1e-4, IMF factor in 1e-6,
 *   sqrtSize = isqrt(size·10 + 1);  premium = ratio − ratio/5 + sqrtSize·imf/1e7;  max(ratio, premium)
 * (decimal: max(r, 0.8·r + imf·√|size|)).
 */
import { InputError, type PathSegment } from '../errors.js';

const PPM = 1_000_000;

/** dYdX's adjusted initial margin fraction at open notional `openNotional` (quote). */
export function dydxOpenInterestImf(baseImf: number, lowerCap: number, upperCap: number, openNotional: number): number {
  if (upperCap === 0 || openNotional <= lowerCap) return baseImf;
  if (openNotional >= upperCap) return 1;
  const imf = baseImf + ((openNotional - lowerCap) / (upperCap - lowerCap)) * (1 - baseImf);
  // toPrecision(12) first: a value exact in ppm must not round up by a float ulp.
  return Math.min(PPM, Math.ceil(Number((imf * PPM).toPrecision(12)))) / PPM;
}

function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = BigInt(Math.floor(Math.sqrt(Number(n))));
  while (x * x > n) x--;
  while ((x + 1n) * (x + 1n) <= n) x++;
  return x;
}

function units(value: number, scale: number, path: readonly PathSegment[], what: string): bigint {
  const scaled = value * scale;
  const rounded = Math.round(scaled);
  if (Math.abs(scaled - rounded) > 1e-6 * Math.max(1, Math.abs(scaled))) throw new InputError(path, `${what} must be a multiple of ${1 / scale}, got ${value}`);
  return BigInt(rounded);
}

/** Drift's size-premium margin ratio for a position of `size` base units. */
export function driftSizePremiumRatio(marginRatio: number, imfFactor: number, size: number, path: readonly PathSegment[] = ['model']): number {
  const ratio = units(marginRatio, 10_000, [...path, 'ratio'], 'the margin ratio');
  if (imfFactor === 0) return Number(ratio) / 10_000;
  const imf = units(imfFactor, PPM, [...path, 'imfFactor'], 'the IMF factor');
  const base = BigInt(Math.round(Math.abs(size) * 1e9));
  const sqrtSize = isqrt(base * 10n + 1n);
  const premium = ratio - ratio / 5n + (sqrtSize * imf) / 10_000_000n;
  return Number(premium > ratio ? premium : ratio) / 10_000;
}
