/**
 * A crash-simulation population drawn from the groups of a population file (population-file.ts):
 * each group's accounts (`<group>-<n>`) with the seed's draws of deposit, leverage, side and
 * margin mode, then the same market makers and insurance funds as the built-in population.
 */
import { DEMO_MARKETS, instrumentJson, toStep, type DemoMarket } from '../markets.js';
import { Rng } from '../rng.js';
import { addMakersAndFunds, addTrader, crashMarkets, type CrashPopulation, type Json } from './population.js';
import type { PopulationGroup } from './population-file.js';

export interface GroupPopulation extends CrashPopulation {
  /** The group of every trader account that opened a position. */
  readonly groupOf: ReadonlyMap<string, string>;
}

export function buildGroupPopulation(groups: readonly PopulationGroup[], options: { readonly seed: number; readonly fundRatio: number }, startTime: string): GroupPopulation {
  const rng = new Rng(options.seed);
  const markets = crashMarkets();
  const commands: Json[] = [];
  let id = 0;
  const next = (prefix: string): string => `${prefix}-${++id}`;
  for (const market of markets) commands.push({ type: 'instrument', id: next('i'), instrument: instrumentJson(market, toStep(market.startPrice, market.tickSize)) });
  commands.push({ type: 'prices', id: next('p'), time: startTime, prices: markets.map((m) => ({ symbol: m.symbol, markPrice: toStep(m.startPrice, m.tickSize) })) });
  const builder = { commands, next, net: new Map(markets.map((m) => [m.symbol, 0])), gross: new Map(markets.map((m) => [m.symbol, 0])), startTime };
  const groupOf = new Map<string, string>();
  let traders = 0;
  for (const group of groups) {
    const market = DEMO_MARKETS.find((candidate) => candidate.symbol === group.symbol) as DemoMarket;
    for (let i = 0; i < group.count; i++) {
      const account = `${group.group}-${i + 1}`;
      const draw = {
        account,
        market,
        deposit: rng.logBetween(group.depositMin, group.depositMax),
        use: rng.between(0.5, 0.95),
        leverage: Math.round(rng.between(group.leverageMin, group.leverageMax) * 100) / 100,
        longShare: group.longShare,
        isolatedShare: group.isolatedShare,
      };
      if (addTrader(builder, rng, draw)) {
        groupOf.set(account, group.group);
        traders++;
      }
    }
  }
  const makers = addMakersAndFunds(builder, markets, options.fundRatio);
  return { commands, traders, makers, groupOf };
}
