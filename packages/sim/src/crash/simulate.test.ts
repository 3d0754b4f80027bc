/**
 * The crash simulation behind `margin simulate`: every scenario runs through the engine with the
 * liquidation promises checked after every step (an `InvariantError` would fail the run), is
 * reproducible from its seed, and renders a CSV and a self-contained HTML report.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { csvReport, htmlReport, textSummary } from './report.js';
import { runSimulation } from './runner.js';
import { SCENARIOS, findScenario } from './scenarios.js';

const ACCOUNTS = 300;

describe('crash simulation', () => {
  for (const scenario of SCENARIOS) {
    for (const profile of ['generic', 'drift-v2']) {
      it(`${scenario.name} under ${profile}: liquidations happen, the promises hold after every step`, () => {
        const result = runSimulation({ seed: 7, accounts: ACCOUNTS, scenario, profile, fundRatio: 0.002 });
        assert.equal(result.setupRejected, 0);
        assert.equal(result.invariantChecks, result.rows.length + 2);
        assert.ok(result.totals.liquidations > 20, `liquidations (${result.totals.liquidations})`);
        if (result.totals.unresolved === 0) assert.equal(result.negativeAccounts.length, 0);
        const marks = result.rows.map((row) => row.marks['BTCUSDT'] ?? 0);
        const start = marks[0] ?? 0;
        if (scenario.name === 'squeeze-up') assert.ok(Math.max(...marks) > start * 1.35);
        else assert.ok(Math.min(...marks) < start * 0.7);
      });
    }
  }

  it('a 40% gap empties the fund and the deficits go to ADL (binance-usdm) or are socialised (drift-v2)', () => {
    const scenario = findScenario('gap-down-40');
    assert.ok(scenario !== undefined);
    const adl = runSimulation({ seed: 3, accounts: ACCOUNTS, scenario, profile: 'binance-usdm', fundRatio: 0.0005 });
    assert.ok(adl.totals.adlEvents > 0 && adl.totals.lossShares === 0);
    assert.ok(Math.min(...adl.rows.map((row) => row.funds['USDT'] ?? 0)) < (adl.fundsAtStart['USDT'] ?? 0) / 10);
    const social = runSimulation({ seed: 3, accounts: ACCOUNTS, scenario, profile: 'drift-v2', fundRatio: 0.0005 });
    assert.ok(social.totals.lossShares > 0 && social.totals.adlEvents === 0);
  });

  it('is reproducible: the same seed gives the same time series, another seed another', () => {
    const scenario = findScenario('slow-grind');
    assert.ok(scenario !== undefined);
    const run = (seed: number): string => csvReport(runSimulation({ seed, accounts: 200, scenario, profile: 'hyperliquid', fundRatio: 0.002 }));
    const first = run(11);
    assert.equal(run(11), first);
    assert.notEqual(run(12), first);
    assert.match(first.split('\n')[0] ?? '', /^step,time,seconds,mark_BTCUSDT,mark_BTCUSD,liquidations,.*fund_USDT,fund_BTC,/);
  });

  it('writes a self-contained HTML report: inline SVG charts, nothing fetched', () => {
    const scenario = findScenario('squeeze-up');
    assert.ok(scenario !== undefined);
    const html = htmlReport(runSimulation({ seed: 5, accounts: 200, scenario, profile: 'bybit-linear', fundRatio: 0.002 }), scenario.description);
    assert.equal((html.match(/<svg /g) ?? []).length, 5);
    for (const title of ['Mark price', 'Liquidations per minute', 'Insurance fund, USDT', 'Insurance fund, BTC', 'ADL events per minute']) assert.ok(html.includes(title), title);
    assert.doesNotMatch(html, /<script|<link|src=|url\(|https?:\/\//);
  });

  it('labels the real settle asset (USDT, not USD) and groups thousands in the report a person reads', () => {
    const scenario = findScenario('squeeze-up');
    assert.ok(scenario !== undefined);
    const result = runSimulation({ seed: 5, accounts: 200, scenario, profile: 'bybit-linear', fundRatio: 0.002 });
    const html = htmlReport(result, scenario.description);
    // The mark chart's y-axis label: the axis label is the text rotated -90 degrees.
    const labels = [...html.matchAll(/rotate\(-90\)" class="label">([^<]*)</g)].map((m) => m[1]);
    assert.ok(labels.includes('USDT') && !labels.includes('USD'), `axis labels ${labels.join(', ')}`);
    const start = result.fundsAtStart['USDT'] ?? 0;
    assert.ok(start >= 1000, 'the USDT fund is large enough to need a separator');
    const grouped = start.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    assert.match(grouped, /,/);
    assert.ok(html.includes(`start ${grouped}`), `the HTML shows ${grouped}`);
    assert.ok(textSummary(result).includes(`insurance fund USDT: start ${grouped}`));
  });

});
