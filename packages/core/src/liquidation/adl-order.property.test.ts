/**
 * `adlOrder` (float scores, exact only for near ties, ADR 0020) gives exactly the order of the
 * reference `rankForAdl` (every score an exact rational, full sort, ties in input order), for the
 * ADL ranking of every venue record whose deficit rule is ADL, over seeded random populations with
 * exact ties (equal figures, and figures scaled so every ratio is equal), near ties (one figure one
 * E18 unit away) and edge cases (no profit, equity <= 0, no cushion, wallet below 1, zero entry).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { VENUES } from '../venues/registry.js';
import { adlOrder, adlScoreEstimate } from './adl-order.js';
import { adlScore, rankForAdl, type AdlCandidate, type AdlMethod } from './adl-ranking.js';

const ONE = 10n ** 18n;

const methods: AdlMethod[] = [
  ...new Set(VENUES.flatMap((venue) => (venue.liquidation !== null && venue.liquidation.deficit === 'adl' ? [venue.liquidation.adlRanking] : []))),
];

/** Amounts from tiny (a few E18 units) to large (1e9 whole units), zero and negative where allowed. */
const magnitude = fc.oneof(
  fc.bigInt({ min: 1n, max: 1000n }),
  fc.bigInt({ min: ONE / 1000n, max: 1000n * ONE }),
  fc.bigInt({ min: 1n, max: 10n ** 9n * ONE }),
);
const signed = fc.oneof(magnitude, magnitude.map((v) => -v), fc.constant(0n));

const candidateArb = fc
  .record({ size: magnitude, markValue: signed, entryValue: signed, walletBalance: signed, equity: signed, maintenanceMargin: fc.oneof(magnitude, fc.constant(0n)) })
  .map(({ size, markValue, entryValue, walletBalance, equity, maintenanceMargin }) => ({
    account: '',
    size,
    unrealizedPnl: markValue - entryValue,
    walletBalance,
    equity,
    maintenanceMargin,
    markValue,
    entryValue,
    bankruptValue: markValue - equity,
  }));

function scaled(c: AdlCandidate, factor: bigint): AdlCandidate {
  return {
    ...c,
    size: c.size * factor,
    unrealizedPnl: c.unrealizedPnl * factor,
    walletBalance: c.walletBalance * factor,
    equity: c.equity * factor,
    maintenanceMargin: c.maintenanceMargin * factor,
    markValue: c.markValue * factor,
    entryValue: c.entryValue * factor,
    bankruptValue: c.bankruptValue * factor,
  };
}

/** One unit away in one figure: the float scores are equal or nearly so, the exact ones are not. */
function nudged(c: AdlCandidate, field: number, delta: bigint): AdlCandidate {
  switch (field) {
    case 0:
      return { ...c, markValue: c.markValue + delta, unrealizedPnl: c.unrealizedPnl + delta, bankruptValue: c.bankruptValue + delta };
    case 1:
      return { ...c, equity: c.equity + delta, bankruptValue: c.bankruptValue - delta };
    case 2:
      return { ...c, maintenanceMargin: c.maintenanceMargin + (delta > 0n ? delta : 0n) };
    default:
      return { ...c, walletBalance: c.walletBalance + delta };
  }
}

/** A population: random candidates, then copies, scaled copies and nudged copies of some of them. */
const populationArb = fc
  .tuple(
    fc.array(candidateArb, { minLength: 0, maxLength: 40 }),
    fc.array(fc.record({ from: fc.nat(), kind: fc.integer({ min: 0, max: 2 }), factor: fc.bigInt({ min: 2n, max: 1000n }), field: fc.integer({ min: 0, max: 3 }), delta: fc.constantFrom(1n, -1n, 2n) }), { maxLength: 40 }),
    fc.array(fc.nat(), { maxLength: 80 }),
  )
  .map(([base, derived, shuffle]) => {
    const list: AdlCandidate[] = [...base];
    if (list.length > 0) {
      for (const d of derived) {
        const source = list[d.from % list.length] as AdlCandidate;
        list.push(d.kind === 0 ? { ...source } : d.kind === 1 ? scaled(source, d.factor) : nudged(source, d.field, d.delta));
      }
    }
    // Mix the input order so ties are not always adjacent.
    for (let i = 0; i < shuffle.length && list.length > 1; i++) {
      const a = i % list.length;
      const b = (shuffle[i] as number) % list.length;
      [list[a], list[b]] = [list[b] as AdlCandidate, list[a] as AdlCandidate];
    }
    return list.map((c, i) => ({ ...c, account: String(i) }));
  });

function exactOrNull(method: AdlMethod, c: AdlCandidate): string | null {
  try {
    return adlScore(method, c).toString();
  } catch {
    return null;
  }
}

describe('adlOrder equals the exact full ranking', () => {
  it('has venue records with each ADL ranking', () => {
    assert.deepEqual([...methods].sort(), ['binance', 'bitmex']);
  });

  for (const method of methods) {
    it(`${method}: same order as rankForAdl over populations with ties and near ties`, () => {
      fc.assert(
        fc.property(populationArb, (population) => {
          // Populations whose exact scores are undefined (a loss at a zero mark value) throw in both.
          if (population.some((c) => exactOrNull(method, c) === null)) {
            assert.throws(() => rankForAdl(method, population));
            assert.throws(() => adlOrder(method, population));
            return;
          }
          const reference = rankForAdl(method, population).map((ranked) => Number(ranked.account));
          assert.deepEqual(adlOrder(method, population), reference);
        }),
        { seed: 20, numRuns: 400 },
      );
    });

    it(`${method}: a caller's tie-break orders exact ties, as rankForAdl over candidates in that order`, () => {
      fc.assert(
        fc.property(populationArb, fc.array(fc.nat(), { maxLength: 80 }), (population, keys) => {
          if (population.some((c) => exactOrNull(method, c) === null)) return;
          // Tie-break by an arbitrary total order (key, then index); the reference sees the candidates sorted by it.
          const key = (i: number): number => (keys[i] ?? i) * 1000 + i;
          const byKey = population.map((_, i) => i).sort((a, b) => key(a) - key(b));
          const reference = rankForAdl(method, byKey.map((i) => population[i] as AdlCandidate)).map((ranked) => Number(ranked.account));
          assert.deepEqual(adlOrder(method, population, (a, b) => key(a) - key(b)), reference);
        }),
        { seed: 2020, numRuns: 300 },
      );
    });

    it(`${method}: the float estimate is within its bound of the exact score`, () => {
      fc.assert(
        fc.property(candidateArb, (c) => {
          const exact = exactOrNull(method, c);
          const estimate = adlScoreEstimate(method, c);
          if (exact === null) {
            assert.equal(estimate.error, Number.POSITIVE_INFINITY);
            return;
          }
          if (estimate.error === Number.POSITIVE_INFINITY) return;
          const score = adlScore(method, c);
          const value = Number(score.toUnits(30, 'halfEven')) / 1e30;
          // Compared at 30 decimals: allow the rounding of that comparison as well.
          assert.ok(Math.abs(value - estimate.value) <= estimate.error + Math.abs(value) * 1e-15 + 1e-30, `${value} vs ${estimate.value} +- ${estimate.error}`);
          if (estimate.error === 0) assert.ok(score.isZero());
        }),
        { seed: 7, numRuns: 2000 },
      );
    });
  }
});
