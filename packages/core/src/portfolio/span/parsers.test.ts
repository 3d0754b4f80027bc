import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { formatFixed } from '../../num/index.js';
import { spanFixturePa2, spanFixtureXml } from '../../testing/span-fixture.js';
import { parsePa2 } from './pa2.js';
import { parseSpanXml } from './spn-xml.js';
import { computeSpan } from './compute.js';
import { explainSpan, sumLines } from './explain.js';
import type { SpanParams } from './params.js';

const VECTORS = new URL('../../../../../vectors/portfolio/', import.meta.url);
const CME_SPREAD_CALC = 'https://www.cmegroup.com/clearing/margins/spread-calc.html';

test('the committed fixtures are the layouts\' output (vectors/portfolio/span-test.pa2 and .spn)', () => {
  assert.equal(readFileSync(new URL('span-test.pa2', VECTORS), 'utf8'), spanFixturePa2());
  assert.equal(readFileSync(new URL('span-test.spn', VECTORS), 'utf8'), spanFixtureXml());
});

function margin(params: SpanParams, positions: Array<[string, number]>, accountClass: 'member' | 'speculator' = 'member'): [string, string] {
  const result = computeSpan(params, { accountClass, positions: positions.map(([contract, quantity]) => ({ contract, quantity })) });
  const explained = explainSpan(result);
  assert.equal(sumLines(explained.maintenance), result.maintenance);
  assert.equal(sumLines(explained.initial), result.initial);
  return [formatFixed(result.maintenance), formatFixed(result.initial)];
}

for (const [format, parse] of [['PA2', () => parsePa2(spanFixturePa2())], ['XML', () => parseSpanXml(spanFixtureXml())]] as const) {
  test(`${format}: the fixture gives the CME spread-calc requirements (${CME_SPREAD_CALC}) and the derived SOM example`, () => {
    const params = parse();
    assert.equal(params.exchangeComplex, 'TEST');
    assert.equal(params.contracts.length, 6);
    assert.deepEqual(margin(params, [['C1 202603', 1], ['C1 202604', -1]]), ['250', '250']);
    assert.deepEqual(margin(params, [['ZC 202612', 2], ['ZS 202611', -1]]), ['2700', '2700']);
    assert.deepEqual(margin(params, [['ZC 202612', 2], ['ZS 202611', -1]], 'speculator'), ['2700', '2970']);
    assert.deepEqual(margin(params, [['XO 202612 P 100', -10]]), ['4300', '4300']);
    // 202602 is the spot month: its delta in a spread pays $10 per delta on top of the $200 intra charge
    assert.deepEqual(margin(params, [['C1 202602', 1], ['C1 202603', -1]]), ['210', '210']);
    const c = params.ccs.find((x) => x.code === 'C');
    assert.equal(c?.intraSpreads.length, 3);
    assert.deepEqual(c?.initialRatios, { member: '1', hedger: '1', speculator: '1.1' });
    assert.equal(params.ccs.find((x) => x.code === 'X')?.limitOptionValue, true);
  });
}

test('PA2: a malformed record is refused with its line and field; unknown record types are skipped', () => {
  const lines = spanFixturePa2().split('\n');
  const at = lines.findIndex((l) => l.startsWith('81TSTC1') && l.includes('202603'));
  const broken = [...lines];
  broken[at] = `${(broken[at] ?? '').slice(0, 60)}x${(broken[at] ?? '').slice(61)}`;
  assert.throws(() => parsePa2(broken.join('\n')), { message: `line ${at + 1}.scenario2: columns 61-66 must be 5 digits and a sign, got "x0000+"` });
  const noPair = lines.filter((_, i) => i !== at + 1);
  assert.throws(() => parsePa2(noPair.join('\n')), { message: `line ${at + 1}.product: type 81 record for C1 FUT  202603         has no type 82 record` });
  const badSide = lines.map((l) => (l.startsWith('C C       01') ? `${l.slice(0, 27)}X${l.slice(28)}` : l));
  assert.throws(() => parsePa2(badSide.join('\n')), /^InputError: line 5\.leg1Side: column 28 must be A or B, got "X"$|line 5.leg1Side/);
  assert.throws(() => parsePa2(lines.slice(1).join('\n')), { message: 'line 1: a PA2 file starts with a type 0 (exchange complex header) record' });
  const withUnknown = [lines[0], 'Z unknown record type', ...lines.slice(1)].join('\n');
  assert.equal(parsePa2(withUnknown).contracts.length, 6);
});

test('XML: broken XML, a missing array value and a bad number are refused with their line and element', () => {
  const xml = spanFixtureXml();
  assert.throws(() => parseSpanXml(xml.replace('</clearingOrg>', '')), (e: unknown) => e instanceof Error && /^line \d+\.xml: /.test(e.message));
  const lines = xml.split('\n');
  const at = lines.findIndex((l) => l.includes('<ra><r>1</r><a>0</a>'));
  const missing = xml.replace('<ra><r>1</r><a>0</a>', '<ra><r>1</r>');
  assert.throws(() => parseSpanXml(missing), { message: `line ${at + 1}.exchange.futPf.fut.ra.a: must hold 16 scenario values, got 15` });
  const badRate = xml.replace('<val>0.55</val>', '<val>55%</val>');
  assert.throws(() => parseSpanXml(badRate), /^InputError: |line \d+\.interSpreads\.dSpread\.rate\.val: must be a decimal number, got "55%"/);
  assert.throws(() => parseSpanXml(xml.replace('<val>0.55</val>', '<val>55</val>')), /interSpreads\.dSpread\.rate\.val: a credit rate is a fraction of at most 1, got 55/);
});
