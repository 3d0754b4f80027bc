/** `margin index`: from the validated input to the report (every number a decimal string). */
import type { IndexInput } from '../input/index-input.js';
import { parseFixed } from '../num/decimal.js';
import { computeIndexPrice } from '../market/index-price.js';
import type { MarketProfile } from '../market/market-profile.js';
import { fx, fxOrNull, iso } from './report-text.js';

export function indexReport(profile: MarketProfile, input: IndexInput) {
  const rules = profile.index;
  const timeMs = input.time ?? Math.max(...input.sources.map((source) => source.time));
  const staleAfterMs = input.staleAfterMs ?? rules.staleAfterMs;
  const maxDeviation = input.maxDeviation ?? rules.maxDeviation;
  const sources = input.sources.map((row) => {
    const fallback = rules.defaultWeights[row.name.toLowerCase()];
    return { name: row.name, price: row.price, weight: row.weight ?? parseFixed(fallback ?? '1'), timeMs: row.time };
  });
  const result = computeIndexPrice({ sources, timeMs, method: input.method ?? rules.method, staleAfterMs, maxDeviation });
  return {
    profile: profile.name,
    symbol: input.symbol ?? null,
    time: iso(timeMs),
    indexPrice: fx(result.price),
    method: result.method,
    freshMedian: fx(result.freshMedian),
    rules: { staleAfterMs: staleAfterMs === null ? null : String(staleAfterMs), maxDeviation: fxOrNull(maxDeviation) },
    sources: result.sources.map((source, i) => ({
      name: source.name,
      price: fx(source.price),
      weight: fx(source.weight),
      weightSource: input.sources[i]?.weight !== undefined ? 'input' : rules.defaultWeights[source.name.toLowerCase()] !== undefined ? 'profile' : 'default 1',
      time: iso(source.timeMs),
      ageMs: String(source.ageMs),
      deviation: fxOrNull(source.deviation),
      status: source.status,
      reason: source.reason,
      effectiveWeight: fx(source.effectiveWeight),
    })),
  };
}

export type IndexReport = ReturnType<typeof indexReport>;
