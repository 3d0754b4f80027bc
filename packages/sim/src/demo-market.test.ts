/** The demo market: deterministic per seed, and the population the issue asks for. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DemoMarketSim, type CommandJson } from './demo-market.js';
import { DEMO_MARKETS } from './markets.js';

const T = Date.parse('2026-01-01T00:00:00Z');

function setup(sim: DemoMarketSim): CommandJson[] {
  return [...sim.marketSetup(T), ...sim.populationSetup(T)];
}

describe('demo market', () => {
  test('the same seed gives the same commands; another seed another market', () => {
    const a = new DemoMarketSim({ seed: 7, accounts: 300 });
    const b = new DemoMarketSim({ seed: 7, accounts: 300 });
    const c = new DemoMarketSim({ seed: 8, accounts: 300 });
    assert.deepEqual(setup(a), setup(b));
    assert.deepEqual(a.tick(T + 500), b.tick(T + 500));
    assert.notDeepEqual(JSON.stringify(setup(a)), JSON.stringify(setup(c)));
  });

  test('10,000 accounts by default: linear and inverse, cross and isolated, one-way and hedge', () => {
    const sim = new DemoMarketSim();
    assert.equal(sim.accounts.length, 10_000);
    const settle = new Set(sim.accounts.map((a) => a.settle));
    assert.deepEqual([...settle].sort(), ['BTC', 'ETH', 'USDT']);
    const modes = new Set(sim.accounts.map((a) => a.mode));
    assert.deepEqual([...modes].sort(), ['cross', 'isolated']);
    assert.ok(sim.accounts.some((a) => a.hedge));
    assert.ok(sim.accounts.some((a) => a.markets.length > 1));
    assert.deepEqual(new Set(DEMO_MARKETS.map((m) => m.kind)), new Set(['linear-perpetual', 'inverse-perpetual']));
  });

  test('every number is a decimal string on the tick and lot grid', () => {
    const sim = new DemoMarketSim({ seed: 3, accounts: 200 });
    const commands = [...setup(sim), ...sim.tick(T + 500), ...sim.tick(T + 1000)];
    const bySymbol = new Map(DEMO_MARKETS.map((m) => [m.symbol, m]));
    const onGrid = (value: string, step: string): boolean => {
      const scale = 10 ** 8;
      return Math.round(Number(value) * scale) % Math.round(Number(step) * scale) === 0;
    };
    for (const command of commands) {
      JSON.stringify(command, (_key, value: unknown) => {
        assert.notEqual(typeof value, 'number', `${command.id}: numbers travel as strings`);
        return value;
      });
      if (command.type === 'fill') {
        const market = bySymbol.get(command['symbol'] as string);
        assert.ok(market !== undefined);
        assert.ok(onGrid(command['price'] as string, market.tickSize), `${command.id} price on tick`);
        assert.ok(onGrid(command['size'] as string, market.lotSize), `${command.id} size on lot`);
      }
    }
  });

  test('ticks carry prices every time, funding rates and settlements on their schedule', () => {
    const sim = new DemoMarketSim({ seed: 1, accounts: 50, fundingRateEveryTicks: 2, fundingSettleEveryTicks: 4 });
    const types = (ms: number) => sim.tick(ms).map((c) => c.type);
    assert.ok(types(T + 500).includes('prices'));
    assert.equal(types(T + 1000).filter((t) => t === 'fundingRate').length, DEMO_MARKETS.length);
    types(T + 1500);
    assert.equal(types(T + 2000).filter((t) => t === 'settleFunding').length, DEMO_MARKETS.length);
  });

  test('a rejected fill is undone in the model; margin calls prompt top-ups', () => {
    const sim = new DemoMarketSim({ seed: 5, accounts: 20 });
    const commands = setup(sim);
    const fill = commands.find((c) => c.type === 'fill') as CommandJson;
    const account = sim.accounts.find((a) => a.id === fill['account']);
    const before = [...(account?.positions.values() ?? [])].map((p) => p.size);
    sim.observe([{ id: fill.id, status: 'rejected', events: [] }]);
    const after = [...(account?.positions.values() ?? [])].map((p) => p.size);
    assert.notDeepEqual(before, after);
    // Twenty accounts in margin call: some add collateral on the next tick.
    sim.observe([{ id: 'x', status: 'accepted', events: sim.accounts.map((a) => ({ type: 'marginCall', account: a.id, level: 'call' })) }]);
    assert.ok(sim.tick(T + 500).some((c) => c.id.includes('-topup-')));
  });
});
