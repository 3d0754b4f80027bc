/**
 * A seeded daily crypto price path for margin-model research (no crypto price history ships in a
 * well-kept package): GARCH(1,1) volatility clustering, Student-t innovations (fat tails) and
 * Poisson crash jumps, calibrated to published Bitcoin crash days (docs/dynamic-margin.md):
 *
 *   r_t = σ_t·ε_t + J_t,   σ²_t = ω + α·r²_{t−1} + β·σ²_{t−1} (the jump included: a crash raises
 *   tomorrow's volatility),   ε ~ t(ν) scaled to variance 1
 *   J_t = −exp(N(ln m, s)) with probability λ a day (a crash of median m), else 0
 *
 * Defaults: daily σ 3.5% unconditional (about 67% a year, Bitcoin's 2019-2023 order), α 0.10,
 * β 0.85, ν 4, λ 1/250, m 0.10, s 0.45: a jump's log size is −0.10 at the median, −0.21 at the
 * 95th percentile and −0.29 at the 99th, spanning the close-to-close falls of 2021-05-19
 * (−13.8%), 2022-11-09 (−14.4%) and 2020-03-12 (−37.2%, with the day's GARCH move) in
 * CoinMarketCap's daily history (https://coinmarketcap.com/currencies/bitcoin/historical-data/).
 */
import { Rng } from '../rng.js';

export interface CryptoPathOptions {
  readonly seed: number;
  readonly days: number;
  readonly startPrice?: number;
  readonly startMs?: number;
  /** Unconditional daily volatility of the GARCH part. */
  readonly dailyVolatility?: number;
  readonly alpha?: number;
  readonly beta?: number;
  /** Student-t degrees of freedom (> 2). */
  readonly degreesOfFreedom?: number;
  /** Crash jumps a day. */
  readonly jumpsPerDay?: number;
  readonly jumpMedian?: number;
  readonly jumpSpread?: number;
}

export interface CryptoPath {
  readonly timesMs: Float64Array;
  readonly prices: Float64Array;
  /** Days with a crash jump. */
  readonly jumpDays: readonly number[];
}

export const CRYPTO_PATH_DEFAULTS = {
  startPrice: 10_000,
  startMs: Date.UTC(2019, 0, 1),
  dailyVolatility: 0.035,
  alpha: 0.1,
  beta: 0.85,
  degreesOfFreedom: 4,
  jumpsPerDay: 1 / 250,
  jumpMedian: 0.1,
  jumpSpread: 0.45,
} as const;

const DAY_MS = 86_400_000;

/** Student-t draw with ν degrees of freedom, scaled to variance 1: Z / sqrt(χ²_ν/ν) x sqrt((ν−2)/ν). */
function studentT(rng: Rng, nu: number): number {
  let chi2 = 0;
  for (let i = 0; i < nu; i++) chi2 += rng.normal() ** 2;
  return (rng.normal() / Math.sqrt(chi2 / nu)) * Math.sqrt((nu - 2) / nu);
}

export function cryptoPricePath(options: CryptoPathOptions): CryptoPath {
  const o = { ...CRYPTO_PATH_DEFAULTS, ...options };
  if (!Number.isInteger(o.degreesOfFreedom) || o.degreesOfFreedom <= 2) throw new RangeError(`condition failed: degreesOfFreedom must be a whole number above 2, got ${o.degreesOfFreedom}`);
  if (!(o.alpha >= 0 && o.beta >= 0 && o.alpha + o.beta < 1)) throw new RangeError(`condition failed: alpha + beta must be below 1, got ${o.alpha + o.beta}`);
  const rng = new Rng(o.seed);
  const omega = o.dailyVolatility ** 2 * (1 - o.alpha - o.beta);
  const n = o.days + 1;
  const timesMs = new Float64Array(n);
  const prices = new Float64Array(n);
  const jumpDays: number[] = [];
  timesMs[0] = o.startMs;
  prices[0] = o.startPrice;
  let variance = o.dailyVolatility ** 2;
  let logPrice = Math.log(o.startPrice);
  // Drift back the jumps' mean log loss, so the log price has no trend on average.
  const drift = o.jumpsPerDay * o.jumpMedian * Math.exp((o.jumpSpread * o.jumpSpread) / 2);
  for (let t = 1; t < n; t++) {
    const diffusive = Math.sqrt(variance) * studentT(rng, o.degreesOfFreedom);
    let jump = 0;
    if (rng.chance(o.jumpsPerDay)) {
      jump = -Math.exp(Math.log(o.jumpMedian) + o.jumpSpread * rng.normal());
      jumpDays.push(t);
    }
    // A jump also raises tomorrow's volatility, as crashes do: it enters the GARCH update.
    const r = drift + diffusive + jump;
    variance = omega + o.alpha * r * r + o.beta * variance;
    logPrice += r;
    timesMs[t] = o.startMs + t * DAY_MS;
    prices[t] = Math.exp(logPrice);
  }
  return { timesMs, prices, jumpDays };
}

/** The path as CSV (`time,price`, ISO dates, prices to 2 decimals, 8 below 1). */
function priceText(price: number): string {
  return price.toFixed(price >= 1 ? 2 : 8);
}

export function cryptoPathCsv(path: CryptoPath): string {
  const lines = ['time,price'];
  for (let t = 0; t < path.prices.length; t++) lines.push(`${new Date(path.timesMs[t] as number).toISOString().slice(0, 10)},${priceText(path.prices[t] as number)}`);
  return `${lines.join('\n')}\n`;
}
