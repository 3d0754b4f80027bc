import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runSpan } from './span.js';
import { runRisk } from './risk.js';

const VECTORS = new URL('../../../../vectors/portfolio/', import.meta.url);
const read = (name: string): string => readFileSync(new URL(name, VECTORS), 'utf8');
const sum = (lines: ReadonlyArray<{ amount: string }>): number => lines.reduce((s, l) => s + Number(l.amount), 0);

test('margin span --json: the CME corn/soy inter spread from PA2 and from XML, explained to the requirement (https://www.cmegroup.com/clearing/margins/spread-calc.html)', () => {
  for (const file of ['span-test.pa2', 'span-test.spn']) {
    const out = runSpan(read(file), read('span-corn-soy-portfolio.json'), { json: true });
    const report = JSON.parse(out.stdout) as { maintenance: string; initial: string; accountClass: string; explain: { maintenance: Array<{ amount: string }>; initial: Array<{ amount: string }> } };
    assert.equal(report.maintenance, '2700');
    assert.equal(report.initial, '2970');
    assert.equal(report.accountClass, 'speculator');
    assert.equal(sum(report.explain.maintenance), 2700);
    assert.equal(sum(report.explain.initial), 2970);
    assert.deepEqual(out.warnings, []);
  }
  const member = JSON.parse(runSpan(read('span-test.pa2'), read('span-corn-soy-portfolio.json'), { json: true, accountClass: 'member' }).stdout) as { initial: string };
  assert.equal(member.initial, '2700');
});

test('margin span: the table names the active scenario; bad input names its field', () => {
  const out = runSpan(read('span-test.pa2'), '{"positions":[{"contract":"XO 202612 P 100","quantity":"-10"}]}', {});
  assert.match(out.stdout, /maintenance {2}4,300/);
  assert.match(out.stdout, /15 \*/);
  assert.throws(() => runSpan(read('span-test.pa2'), '{"positions":[{"contract":"XO 202612 P 100","quantity":-10}]}', {}), /positions\[0\]\.quantity: must be a decimal string/);
  assert.throws(() => runSpan(read('span-test.pa2'), read('span-corn-soy-portfolio.json'), { accountClass: 'vip' }), { message: '--account-class: must be one of member, hedger, speculator, got "vip"' });
  assert.throws(() => runSpan('0 TEST  20260102SF                 X9\n', read('span-corn-soy-portfolio.json'), {}), { message: 'line 1.fileFormat: columns 36-37 must be "U2" (expanded unpacked), got "X9"' });
});

test('margin risk with portfolio profiles: deribit-pm grid and okx-pm components, explained; span refers to margin span', () => {
  const deribit = JSON.parse(runRisk(read('deribit-pm-short-call.json'), { json: true }).stdout) as { method: string; initial: string; maintenance: string; worstCell: { move: string; vol: string }; grid: unknown[]; explain: { initial: Array<{ amount: string }> } };
  assert.equal(deribit.method, 'grid');
  assert.equal(deribit.grid.length, 27 + 8);
  assert.deepEqual([deribit.worstCell.move, deribit.worstCell.vol], ['0.16', 'up']);
  assert.ok(Math.abs(sum(deribit.explain.initial) - Number(deribit.initial)) < 1e-9);
  const okx = JSON.parse(runRisk(read('okx-pm-btc-perp.json'), { json: true }).stdout) as { maintenance: string; initial: string };
  assert.deepEqual([okx.maintenance, okx.initial], ['12200', '15860']);
  assert.throws(() => runRisk(read('okx-pm-btc-perp.json'), { profile: 'span' }), { message: '--profile: profile span reads a risk parameter file: use margin span --params FILE --portfolio FILE' });
  assert.throws(() => runRisk(read('okx-pm-btc-perp.json').replace('"BTC"', '"DOGE"'), {}), { message: 'currency: profile okx-pm has no parameters for "DOGE" (known: BTC, ETH, LTC)' });
});

interface GoldenCase {
  readonly name: string;
  readonly source: string;
  readonly command: 'span' | 'risk';
  readonly params?: readonly string[];
  readonly portfolio?: unknown;
  readonly input?: unknown;
  readonly expected: { readonly maintenance: string; readonly initial: string };
  readonly tolerance: string;
}

const golden = JSON.parse(read('golden.json')) as { cases: GoldenCase[] };
for (const c of golden.cases) {
  test(`golden: ${c.name} (${c.source})`, () => {
    assert.ok(c.source.length > 0);
    const outputs =
      c.command === 'span'
        ? (c.params ?? []).map((file) => runSpan(read(file), JSON.stringify(c.portfolio), { json: true }).stdout)
        : [runRisk(JSON.stringify(c.input), { json: true }).stdout];
    assert.ok(outputs.length > 0);
    for (const stdout of outputs) {
      const report = JSON.parse(stdout) as { maintenance: string; initial: string };
      for (const key of ['maintenance', 'initial'] as const) {
        if (c.tolerance === '0') assert.equal(report[key], c.expected[key], key);
        else assert.ok(Math.abs(Number(report[key]) - Number(c.expected[key])) <= Number(c.tolerance), `${key}: ${report[key]} vs ${c.expected[key]}`);
      }
    }
  });
}

test('margin span with JSON parameters: arrays computed by Black-76; the covered call needs no more than its legs alone (CME S&P example inputs: https://www.cmegroup.com/clearing/files/span-methodology.pdf)', () => {
  const params = read('span-sp-computed.json');
  const margin = (positions: string): number => Number((JSON.parse(runSpan(params, positions, { json: true }).stdout) as { maintenance: string }).maintenance);
  const covered = margin(read('span-sp-covered-call.json'));
  const future = margin('{"positions":[{"contract":"SP 201903","quantity":"1"}]}');
  const call = margin('{"positions":[{"contract":"SP 201903 C 2825","quantity":"-1"}]}');
  assert.equal(future, 30000);
  assert.ok(covered <= future + call);
  assert.equal(margin('{"positions":[{"contract":"SP 201903 C 2825","quantity":"1"}]}'), 0);
  assert.throws(() => runSpan(params.replace('"priceScanRange": "120", "volatility"', '"volatility"'), read('span-sp-covered-call.json'), {}), {
    message: 'combinedCommodities[0].contracts[1].priceScanRange: is required when no riskArray is given',
  });
  assert.throws(() => runSpan(params.replace('"month": "201903", "contractValueFactor": "250", "underlyingPrice"', '"month": "2019-03", "contractValueFactor": "250", "underlyingPrice"'), read('span-sp-covered-call.json'), {}), {
    message: 'combinedCommodities[0].contracts[0].month: must be a month CCYYMM like "202612"',
  });
});
