import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFixed, parseFixed } from '../../num/index.js';
import { computeRiskArray } from './risk-array.js';
import { computeSpan } from './compute.js';
import { explainSpan, sumLines } from './explain.js';
import type { CombinedCommodity, InterSpread, SpanContract, SpanParams, SpanPortfolio } from './params.js';

const MCMILLAN = "McMillan, Options as a Strategic Investment, ch. 34 pp. 668-670 (SPAN examples; CME's https://www.cmegroup.com/clearing/risk-management/span-overview.html)";
const CME_SPREAD_CALC = 'https://www.cmegroup.com/clearing/margins/spread-calc.html';

export function cc(code: string, extra: Partial<CombinedCommodity> = {}): CombinedCommodity {
  return {
    code,
    currency: 'USD',
    tiers: [],
    intraSpreads: [],
    spotCharges: [],
    somRate: 0,
    somMethod: 'gross',
    initialRatios: { member: '1', hedger: '1', speculator: '1.1' },
    priceScanRange: null,
    wfprMethod: 'normal',
    limitOptionValue: false,
    ...extra,
  };
}

/** A futures contract whose array is computed (CME extreme move 3 x PSR, cover 0.33: the spread-calc page's arrays). */
export function future(id: string, ccCode: string, month: string, psrMoney: number): SpanContract {
  const array = computeRiskArray({ kind: 'future', underlyingPrice: 100, contractValueFactor: 1, priceScanRange: psrMoney, extremeMultiplier: 3, coverFraction: 0.33 });
  return { id, cc: ccCode, kind: 'future', optionType: null, month, strike: null, price: 100, contractValueFactor: 1, riskArray: [...array.losses], compositeDelta: array.compositeDelta };
}

function params(ccs: CombinedCommodity[], contracts: SpanContract[], interSpreads: InterSpread[] = []): SpanParams {
  return { exchangeComplex: 'TEST', businessDate: '20260101', ccs, contracts, interSpreads };
}

function portfolio(positions: Array<[string, number]>, accountClass: SpanPortfolio['accountClass'] = 'speculator'): SpanPortfolio {
  return { accountClass, positions: positions.map(([contract, quantity]) => ({ contract, quantity })) };
}

function requirement(p: SpanParams, positions: Array<[string, number]>): string {
  const result = computeSpan(p, portfolio(positions));
  const explained = explainSpan(result);
  assert.equal(sumLines(explained.maintenance), result.maintenance);
  return formatFixed(result.maintenance);
}

test(`T1 long future: the published array (profit-positive in the book, negated) needs $10,000 (${MCMILLAN})`, () => {
  const profit = [0, 0, 3330, 3330, -3330, -3330, 6670, 6670, -6670, -6670, 10000, 10000, -10000, -10000, 7000, -7000];
  const sp: SpanContract = { id: 'SP 202612', cc: 'SP', kind: 'future', optionType: null, month: '202612', strike: null, price: 400, contractValueFactor: 500, riskArray: profit.map((v) => -v), compositeDelta: 1 };
  const result = computeSpan(params([cc('SP')], [sp]), portfolio([['SP 202612', 1]]));
  assert.equal(formatFixed(result.maintenance), '10000');
  assert.equal(result.ccs[0]?.activeScenario, 13); // 13 and 14 tie at 10,000: the first is active
  // initial = 1.1 x maintenance for a speculator
  assert.equal(formatFixed(result.initial), '11000');
});

test(`T2 long call: scan risk $3,990 in scenario 14 (${MCMILLAN})`, () => {
  const profit = [460, -610, 2640, 1730, -1270, -2340, 5210, 4540, -2540, -3430, 8060, 7640, -3380, -3990, 3130, -1500];
  const call: SpanContract = { id: 'SP 202612 C 410', cc: 'SP', kind: 'option', optionType: 'call', month: '202612', strike: 410, price: 10, contractValueFactor: 500, riskArray: profit.map((v) => -v), compositeDelta: 0.5 };
  const result = computeSpan(params([cc('SP')], [call]), portfolio([['SP 202612 C 410', 1]]));
  assert.equal(formatFixed(result.ccs[0]?.scanRisk ?? -1n), '3990');
  assert.equal(result.ccs[0]?.activeScenario, 14);
  // long option value 10 x 500 = 5,000 exceeds the risk: net requirement floored at 0, never above the premium
  assert.equal(formatFixed(result.longOptionValue), '5000');
  assert.equal(result.maintenance, 0n);
});

test(`T4 intra spreads by tier priority: M2/M3 $200, M2/M4 $300, M3/M4 $250 (${CME_SPREAD_CALC})`, () => {
  const tiers = [
    { tier: 2, startMonth: '202602', endMonth: '202602' },
    { tier: 3, startMonth: '202603', endMonth: '202603' },
    { tier: 4, startMonth: '202604', endMonth: '202604' },
  ];
  const leg = (tier: number, side: 'A' | 'B') => ({ tier, ratio: 1, side });
  const intraSpreads = [
    { priority: 1, rate: 200, legs: [leg(2, 'A'), leg(3, 'B')] },
    { priority: 2, rate: 50, legs: [leg(2, 'A'), leg(4, 'B')] },
    { priority: 3, rate: 0, legs: [leg(3, 'A'), leg(4, 'B')] },
  ];
  const p = params([cc('C', { tiers, intraSpreads })], [future('C 202602', 'C', '202602', 500), future('C 202603', 'C', '202603', 500), future('C 202604', 'C', '202604', 750)]);
  assert.equal(requirement(p, [['C 202602', 1], ['C 202603', -1]]), '200');
  assert.equal(requirement(p, [['C 202602', 1], ['C 202604', -1]]), '300');
  assert.equal(requirement(p, [['C 202603', 1], ['C 202604', -1]]), '250');
  // the hedge never needs more than its legs alone
  assert.ok(Number(requirement(p, [['C 202602', 1], ['C 202604', -1]])) <= Number(requirement(p, [['C 202602', 1]])) + Number(requirement(p, [['C 202604', -1]])));
});

test(`T5 delta-based inter credit: corn 2 : soybeans 1 at 55 % -> $2,700 (${CME_SPREAD_CALC})`, () => {
  const inter: InterSpread = { priority: 1, method: 'delta', creditRate: 0.55, legs: [{ cc: 'CORN', ratio: 2, side: 'A' }, { cc: 'SOY', ratio: 1, side: 'B' }], targetCc: null };
  const p = params([cc('CORN'), cc('SOY')], [future('CORN 202612', 'CORN', '202612', 1750), future('SOY 202611', 'SOY', '202611', 2500)], [inter]);
  const result = computeSpan(p, portfolio([['CORN 202612', 2], ['SOY 202611', -1]]));
  assert.equal(formatFixed(result.maintenance), '2700');
  const credits = result.ccs.flatMap((c) => c.interCredits.map((l) => `${l.cc} ${formatFixed(l.credit)}`));
  assert.deepEqual(credits, ['CORN 1925', 'SOY 1375']);
  assert.equal(sumLines(explainSpan(result).maintenance), result.maintenance);
});

test('T14 [derived] short options: the short option minimum binds, then the short option value adds: $4,300', () => {
  const L = [5, 15, 0, 10, 8, 18, -10, 2, 10, 20, -30, -10, 12, 22, -350, 25];
  const put: SpanContract = { id: 'X 202612 P 100', cc: 'X', kind: 'option', optionType: 'put', month: '202612', strike: 100, price: 30, contractValueFactor: 1, riskArray: L, compositeDelta: -0.3 };
  const result = computeSpan(params([cc('X', { somRate: 400 })], [put]), portfolio([['X 202612 P 100', -10]]));
  assert.equal(formatFixed(result.ccs[0]?.scanRisk ?? -1n), '3500');
  assert.equal(result.ccs[0]?.activeScenario, 15);
  assert.equal(formatFixed(result.ccs[0]?.somFloor ?? -1n), '500');
  assert.equal(formatFixed(result.maintenance), '4300');
  const kinds = explainSpan(result).maintenance.map((l) => `${l.kind} ${formatFixed(l.amount)}`);
  assert.deepEqual(kinds, ['scan 3500', 'som-floor 500', 'short-option-value 300']);
});

test('T15 [derived] delta-based inter credit with PSR 2,000 and 1,500 at 50 %: $1,750', () => {
  const inter: InterSpread = { priority: 1, method: 'delta', creditRate: 0.5, legs: [{ cc: 'A', ratio: 1, side: 'A' }, { cc: 'B', ratio: 1, side: 'B' }], targetCc: null };
  const p = params([cc('A'), cc('B')], [future('A 202612', 'A', '202612', 2000), future('B 202612', 'B', '202612', 1500)], [inter]);
  assert.equal(requirement(p, [['A 202612', 1], ['B 202612', -1]]), '1750');
  // same signs form no spread
  assert.equal(requirement(p, [['A 202612', 1], ['B 202612', 1]]), '3500');
});

test('spot month charge: delta in spreads and outright at their rates', () => {
  const tiers = [{ tier: 1, startMonth: '202601', endMonth: '202612' }];
  const p = params(
    [cc('C', { tiers, spotCharges: [{ month: '202601', ratePerDeltaSpread: 10, ratePerDeltaOutright: 25 }], intraSpreads: [] })],
    [future('C 202601', 'C', '202601', 500), future('C 202603', 'C', '202603', 500)],
  );
  // 3 long spot, 1 short March: all in tier 1, no intra spread defined: 3 outright spot deltas
  const result = computeSpan(p, portfolio([['C 202601', 3], ['C 202603', -1]]));
  const spot = result.ccs[0]?.spotCharges[0];
  assert.equal(spot?.deltaOutright, 3);
  assert.equal(formatFixed(spot?.charge ?? -1n), '75');
  assert.equal(formatFixed(result.maintenance), '1075');
});

test('scanning-based inter spread: the target scan is reduced by the allowance x the other leg gains', () => {
  const inter: InterSpread = { priority: 1, method: 'scanning', creditRate: 0.5, legs: [{ cc: 'A', ratio: 1, side: 'A' }, { cc: 'B', ratio: 1, side: 'B' }], targetCc: 'A' };
  const p = params([cc('A'), cc('B')], [future('A 202612', 'A', '202612', 2000), future('B 202612', 'B', '202612', 1000)], [inter]);
  // A long loses 2000 at -1 PSR; B short gains 1000 there: counted 0.5 x 1000 -> A scan 1500 (credit 500)
  const result = computeSpan(p, portfolio([['A 202612', 1], ['B 202612', -1]]));
  assert.equal(formatFixed(result.ccs[0]?.interCredits[0]?.credit ?? -1n), '500');
  assert.equal(formatFixed(result.maintenance), '2500');
});

test('full revaluation: a long option array never loses more than the premium; initial is ratio x maintenance, rounded up', () => {
  const spec = { kind: 'option', optionType: 'call', underlyingPrice: 2790, strike: 2825, timeYears: 0.25, volatility: 0.16, contractValueFactor: 250, priceScanRange: 120, volScanRange: 0.35 * 0.16, extremeMultiplier: 3, coverFraction: 0.33 } as const;
  const array = computeRiskArray(spec);
  for (const loss of array.losses) assert.ok(loss <= array.value + 1e-9);
  assert.ok(array.compositeDelta > 0 && array.compositeDelta < 1);
  const call: SpanContract = { id: 'SP C', cc: 'SP', kind: 'option', optionType: 'call', month: '202603', strike: 2825, price: array.value / 250, contractValueFactor: 250, riskArray: [...array.losses], compositeDelta: array.compositeDelta };
  const fut = future('SP F', 'SP', '202603', 30000);
  const p = params([cc('SP', { somRate: 100 })], [call, fut]);
  const covered = computeSpan(p, portfolio([['SP F', 1], ['SP C', -1]]));
  const alone = computeSpan(p, portfolio([['SP F', 1]])).maintenance + computeSpan(p, portfolio([['SP C', -1]])).maintenance;
  assert.ok(covered.maintenance <= alone);
  assert.ok(covered.initial >= covered.maintenance);
  const ex = explainSpan(covered);
  assert.equal(sumLines(ex.initial), covered.initial);
  assert.equal(parseFixed(formatFixed(covered.maintenance)), covered.maintenance);
});

test('bad portfolio input names the position and the rule', () => {
  const p = params([cc('A')], [future('A 202612', 'A', '202612', 2000)]);
  assert.throws(() => computeSpan(p, portfolio([['A 202612', 1], ['NOPE', 1]])), { message: 'positions[1].contract: unknown contract "NOPE" (not in the parameter file)' });
  assert.throws(() => computeSpan(p, portfolio([['A 202612', Number.NaN]])), { message: 'positions[0].quantity: must be a finite number, got NaN' });
});
