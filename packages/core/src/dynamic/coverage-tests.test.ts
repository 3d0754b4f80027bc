/** The backtests' statistics against published values (sources on each test). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CHI2_CRITICAL, binomialCdfs, chiSquare1Tail, chiSquare2Tail, normQuantile } from './distributions.js';
import { christoffersen, christoffersenFromCounts, kupiecPof, trafficLight, transitionCounts } from './coverage-tests.js';

const close = (actual: number, expected: number, tolerance: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not within ${tolerance} of ${expected}`);

test('normQuantile gives the z of the usual margin confidences (Φ⁻¹ 0.99, 0.995, 0.999; 30-digit values from mpmath)', () => {
  close(normQuantile(0.99), 2.326347874040841, 1e-13, 'z 0.99');
  close(normQuantile(0.995), 2.5758293035489004, 1e-13, 'z 0.995');
  close(normQuantile(0.999), 3.090232306167813, 1e-12, 'z 0.999');
  close(normQuantile(0.01), -2.326347874040841, 1e-13, 'z 0.01');
  close(normQuantile(0.5), 0, 1e-15, 'z 0.5');
  assert.throws(() => normQuantile(1), /strictly between 0 and 1/);
});

test('chi-square tails at the critical values the tests use are 5% and 1%', () => {
  close(chiSquare1Tail(CHI2_CRITICAL.df1.p95), 0.05, 1e-12, 'χ²(1) 95%');
  close(chiSquare1Tail(CHI2_CRITICAL.df1.p99), 0.01, 1e-12, 'χ²(1) 99%');
  close(chiSquare2Tail(CHI2_CRITICAL.df2.p95), 0.05, 1e-12, 'χ²(2) 95%');
  close(chiSquare2Tail(CHI2_CRITICAL.df2.p99), 0.01, 1e-12, 'χ²(2) 99%');
});

test('binomial CDF at T = 250, p = 1% is the cumulative probability column of BCBS (1996) Table 2', () => {
  // https://www.bis.org/publ/bcbs22.pdf Table 2: 0 exceptions 8.11%, 1 28.58%, 2 54.32%, 3 75.81%,
  // 4 89.22%, 5 95.88%, 6 98.63%, 7 99.60%, 8 99.89%, 9 99.97%, 10 99.99%.
  const table = [8.11, 28.58, 54.32, 75.81, 89.22, 95.88, 98.63, 99.6, 99.89, 99.97, 99.99];
  const cdfs = binomialCdfs(250, 0.01, 10);
  table.forEach((percent, k) => close((cdfs[k] as number) * 100, percent, 0.005, `P(X <= ${k})`));
});

test('traffic-light zones: BCBS (1996) Table 2 (T 250, p 1%: green 0-4, yellow 5-9, red 10+) and the binomial boundaries of other T and p', () => {
  // T 250 / p 1%: https://www.bis.org/publ/bcbs22.pdf Table 2. The others are derived from the
  // binomial CDF with the same 95% / 99.99% thresholds (T 750 / p 0.5% = 7/13 as in
  // https://cfrm17.github.io/tradeLifecycle3).
  const cases: Array<[number, number, number, number]> = [
    [250, 0.01, 5, 10], [250, 0.005, 3, 7], [250, 0.05, 18, 27],
    [500, 0.01, 9, 15], [500, 0.005, 5, 10], [500, 0.05, 33, 45],
    [750, 0.01, 12, 20], [750, 0.005, 7, 13], [750, 0.05, 48, 61],
  ];
  for (const [t, p, yellow, red] of cases) {
    const result = trafficLight(t, 0, p);
    assert.deepEqual([result.yellowFrom, result.redFrom], [yellow, red], `T ${t}, p ${p}`);
  }
  assert.equal(trafficLight(250, 4, 0.01).zone, 'green');
  assert.equal(trafficLight(250, 5, 0.01).zone, 'yellow');
  assert.equal(trafficLight(250, 9, 0.01).zone, 'yellow');
  assert.equal(trafficLight(250, 10, 0.01).zone, 'red');
});

test("Kupiec's 95% non-rejection regions are those of Kupiec (1995) as tabulated in Jorion, Value at Risk, Table 6-3", () => {
  // Kupiec (1995) https://doi.org/10.3905/jod.1995.407942; Jorion, "Value at Risk" (3rd ed., 2007),
  // Table 6-3 "Model backtesting, 95% nonrejection test confidence regions". For T 255 / p 1% the
  // table gives only "N < 7": LR_uc(0) = 5.13 > 3.84, so 0 is rejected by the statistic; that
  // cell is checked for its upper bound only.
  const table: Array<[number, number, number, number]> = [
    // p, T, first accepted N, last accepted N
    [0.01, 510, 2, 10], [0.01, 1000, 5, 16],
    [0.025, 255, 3, 11], [0.025, 510, 7, 20], [0.025, 1000, 16, 35],
    [0.05, 255, 7, 20], [0.05, 510, 17, 35], [0.05, 1000, 38, 64],
    [0.075, 255, 12, 27], [0.075, 510, 28, 50], [0.075, 1000, 60, 91],
    [0.1, 255, 17, 35], [0.1, 510, 39, 64], [0.1, 1000, 82, 119],
  ];
  for (const [p, t, lo, hi] of table) {
    const accepted = (x: number) => !kupiecPof(t, x, p).reject95;
    assert.ok(accepted(lo) && accepted(hi), `p ${p} T ${t}: ${lo}..${hi} accepted`);
    assert.ok(!accepted(lo - 1) && !accepted(hi + 1), `p ${p} T ${t}: ${lo - 1} and ${hi + 1} rejected`);
  }
  assert.ok(!kupiecPof(255, 6, 0.01).reject95 && kupiecPof(255, 7, 0.01).reject95, 'T 255, p 1%: N < 7');
  close(kupiecPof(255, 0, 0.01).statistic, -2 * 255 * Math.log(0.99), 1e-12, 'LR_uc with no exception');
});

test('Kupiec statistic on known counts, with 0·ln 0 = 0', () => {
  // derived: LR_uc = -2 ln[(1-p)^(T-x) p^x] + 2 ln[(1-x/T)^(T-x) (x/T)^x], computed in Python
  close(kupiecPof(250, 4, 0.01).statistic, 0.7691383643858458, 1e-12, 'T 250, x 4');
  close(kupiecPof(250, 10, 0.01).statistic, 12.955491062356018, 1e-11, 'T 250, x 10');
  assert.equal(kupiecPof(250, 10, 0.01).reject99, true);
});

test('Christoffersen counts transitions the right way round (an asymmetric pattern) and matches the formula', () => {
  // 0 0 1 1 0 0 0 1: transitions 00 01 11 10 00 00 01 -> n00 3, n01 2, n10 1, n11 1 (public code
  // that swaps n01 and n10 would report n01 1, n10 2).
  assert.deepEqual(transitionCounts([0, 0, 1, 1, 0, 0, 0, 1]), { n00: 3, n01: 2, n10: 1, n11: 1 });
  const small = christoffersen([0, 0, 1, 1, 0, 0, 0, 1], 0.05);
  // derived: Christoffersen (1998) https://doi.org/10.2307/2527341 eq. for LR_ind and LR_cc, in Python
  close(small.independence, 0.05800807347425874, 1e-12, 'LR_ind');
  close(small.conditionalCoverage, 8.882034604092006, 1e-12, 'LR_cc');
  const clustered = christoffersenFromCounts({ n00: 700, n01: 10, n10: 10, n11: 3 }, 0.01);
  close(clustered.independence, 11.087400265685417, 1e-10, 'LR_ind clustered');
  close(clustered.unconditionalOnTransitions, 3.761107250301336, 1e-10, 'LR_uc on T-1');
  close(clustered.conditionalCoverage, 14.848507515986753, 1e-10, 'LR_cc clustered');
  assert.equal(clustered.rejectIndependence95, true);
  assert.equal(clustered.rejectConditionalCoverage99, true);
});
