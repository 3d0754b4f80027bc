/**
 * `margin simulate --path FILE --population FILE`: a price path from a series and a population
 * drawn from a file's groups run through the same engine path; the per-account outcomes add up to
 * the run's totals, and a bad file names its line and field.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parsePriceSeries } from '@margin/core';
import { pathScenario } from './custom-path.js';
import { parsePopulationFile } from './population-file.js';
import { outcomesCsv } from './outcomes.js';
import { runSimulation } from './runner.js';
import { CRASH_SYMBOLS } from './population.js';

const POPULATION = [
  'group,count,symbol,side,leverageMin,leverageMax,depositMin,depositMax,isolated',
  'retail,120,BTCUSDT,0.7,10,50,100,5000,0.3',
  'whales,3,BTCUSDT,short,2,3,500000,2000000,',
  'coin,40,BTCUSD,long,5,20,0.01,1,0',
].join('\n');

/** 30 calm minutes, a 20% gap down, 30 minutes of drift lower. */
function pathCsv(): string {
  const lines = ['time,price'];
  let price = 65000;
  for (let i = 0; i <= 60; i++) {
    price *= i === 30 ? 0.8 : i > 30 ? 0.995 : 1.0005;
    lines.push(`2026-03-12T${String(10 + Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00Z,${price.toFixed(2)}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('custom path and population', () => {
  const series = parsePriceSeries(pathCsv(), { format: 'csv', label: 'path.csv' });
  const scenario = pathScenario(series, 'path-test');
  const groups = parsePopulationFile(POPULATION, 'pop.csv', CRASH_SYMBOLS);

  it('steps at the file\'s times, every market moved by the path\'s return; outcomes add up to the totals', () => {
    const result = runSimulation({ seed: 4, accounts: 1, scenario, profile: 'binance-usdm', fundRatio: 0.001, population: groups });
    assert.equal(result.rows.length, 60);
    assert.equal(result.rows[0]?.time, '2026-03-12T10:01:00.000Z');
    assert.equal(result.rows[59]?.time, '2026-03-12T11:00:00.000Z');
    const ratio = (series.prices[30] as number) / (series.prices[0] as number);
    assert.ok(Math.abs((result.rows[29]?.marks['BTCUSDT'] ?? 0) / 65000 - ratio) < 1e-4);
    assert.equal(result.setupRejected, 0);
    assert.equal(result.traders, result.accounts.filter((a) => a.group !== 'maker').length);
    assert.deepEqual(new Set(result.accounts.map((a) => a.group)), new Set(['retail', 'whales', 'coin', 'maker']));
    const sum = (pick: (a: (typeof result.accounts)[number]) => number): number => result.accounts.reduce((n, a) => n + pick(a), 0);
    assert.ok(result.totals.liquidations > 50);
    assert.equal(sum((a) => a.liquidations), result.totals.liquidations);
    assert.equal(sum((a) => a.bankruptcies), result.totals.bankruptcies);
    assert.equal(sum((a) => a.adlEvents), result.totals.adlEvents);
    for (const account of result.accounts) {
      if (account.liquidations > 0) assert.ok(account.firstLiquidationTime >= '2026-03-12T10:30:00.000Z', account.account);
      assert.ok(account.group === 'maker' || account.account.startsWith(`${account.group}-`));
    }
    const whales = result.accounts.filter((a) => a.group === 'whales');
    assert.ok(whales.every((a) => a.side === 'short' && Number(a.pnl) > 0), 'shorts gain in a crash');
    const csv = outcomesCsv(result.accounts).trim().split('\n');
    assert.equal(csv.length, result.accounts.length + 1);
    assert.equal(csv[0], 'account,group,symbol,asset,side,leverage,marginMode,deposit,sizeAtStart,liquidations,bankruptcies,adlEvents,firstLiquidationTime,equityAtEnd,pnl,sizeAtEnd');
  });

  it('another seed draws the same groups differently; the same seed repeats the run', () => {
    const a = runSimulation({ seed: 1, accounts: 1, scenario, profile: 'generic', fundRatio: 0.001, population: groups });
    const b = runSimulation({ seed: 1, accounts: 1, scenario, profile: 'generic', fundRatio: 0.001, population: groups });
    const c = runSimulation({ seed: 2, accounts: 1, scenario, profile: 'generic', fundRatio: 0.001, population: groups });
    assert.deepEqual(a.accounts, b.accounts);
    assert.deepEqual(a.totals, b.totals);
    assert.notDeepEqual(a.accounts.map((x) => x.deposit), c.accounts.map((x) => x.deposit));
  });

  it('a bad population file names the line and the field', () => {
    const bad = (text: string): RegExp | string => {
      try {
        parsePopulationFile(text, 'pop.csv', CRASH_SYMBOLS);
      } catch (error) {
        return (error as Error).message;
      }
      return 'no error';
    };
    const head = 'group,count,symbol,side,leverageMin,leverageMax,depositMin,depositMax';
    assert.equal(bad(`${head}\nr,0,BTCUSDT,long,2,5,100,200\n`), 'pop.csv line 2: count: must be a whole number of at least 1, got "0"');
    assert.equal(bad(`${head}\nr,10,ETHUSDT,long,2,5,100,200\n`), 'pop.csv line 2: symbol: must be one of "BTCUSDT", "BTCUSD", got "ETHUSDT"');
    assert.equal(bad(`${head}\nr,10,BTCUSDT,up,2,5,100,200\n`), 'pop.csv line 2: side: must be a non-negative decimal, got "up"');
    assert.equal(bad(`${head}\nr,10,BTCUSDT,1.5,2,5,100,200\n`), 'pop.csv line 2: side: must be "long", "short" or a long share from 0 to 1, got "1.5"');
    assert.equal(bad(`${head}\nr,10,BTCUSDT,long,2,5,0,200\n`), 'pop.csv line 2: depositMin: must be greater than 0, got "0"');
    assert.equal(bad(`${head}\nr,10,BTCUSDT,long,2,5,100,200\n\nr,1,BTCUSD,long,2,5,1,2\n`), 'pop.csv line 4: group: "r" is named twice');
    assert.equal(bad(`${head},color\n`), 'pop.csv line 1: color: unknown column; the columns are group, count, symbol, side, leverageMin, leverageMax, depositMin, depositMax, isolated');
    assert.equal(bad('group,count\n'), 'pop.csv line 1: symbol: column is missing');
    assert.equal(bad(`${head}\nr,10,BTCUSDT\n`), 'pop.csv line 2: side: has 3 cells, the header 8');
  });
});
