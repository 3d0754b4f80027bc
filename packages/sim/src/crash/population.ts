/**
 * The seeded population of the crash simulation, as engine commands: traders on a linear
 * (BTCUSDT, USDT-settled) and an inverse (BTCUSD, BTC-settled) perpetual, long and short, cross
 * and isolated, 2x to 100x; market makers holding the other side of the traders' net position at
 * low leverage (so open interest balances, as on a venue, and ADL has counterparties); and an
 * insurance fund per settle asset seeded with a share of the open interest.
 */
import { DEMO_MARKETS, instrumentJson, stepDecimals, toAmount, toStep, type DemoMarket } from '../markets.js';
import { contractsFor as rawContractsFor, notionalOf } from '../population.js';
import { Rng } from '../rng.js';

export type Json = Record<string, unknown>;

export const CRASH_SYMBOLS = ['BTCUSDT', 'BTCUSD'] as const;

export function crashMarkets(): DemoMarket[] {
  return CRASH_SYMBOLS.map((symbol) => {
    const market = DEMO_MARKETS.find((candidate) => candidate.symbol === symbol);
    if (market === undefined) throw new RangeError(`condition failed: demo market ${symbol} exists`);
    return market;
  });
}

const LEVERAGES = [2, 3, 5, 5, 10, 10, 10, 15, 20, 20, 25, 25, 50, 75, 100] as const;
const MAKERS_PER_MARKET = 5;
const MAKER_LEVERAGE = 3;

export interface CrashPopulationOptions {
  readonly accounts: number;
  readonly seed: number;
  /** Share of each market's gross notional put in its insurance fund at the start. */
  readonly fundRatio: number;
  /** Share of traders that are long (the rest short). */
  readonly longShare: number;
}

export interface CrashPopulation {
  readonly commands: Json[];
  readonly traders: number;
  readonly makers: number;
}

/** Contracts for a notional (settle asset) at a price, on the lot grid; 0 when below one lot. */
function contractsFor(market: DemoMarket, notional: number, price: number): number {
  const lot = Number(market.lotSize);
  return Math.floor(rawContractsFor(market, notional, price) / lot + 1e-9) * lot;
}

function tierMaxLeverage(market: DemoMarket, notional: number): number {
  let max = Number(market.tiers[0]?.maxLeverage ?? 1);
  for (const tier of market.tiers) if (notional >= Number(tier.notionalFloor)) max = Number(tier.maxLeverage);
  return max;
}

const sizeText = (market: DemoMarket, contracts: number): string => contracts.toFixed(stepDecimals(market.lotSize));

export function buildCrashPopulation(options: CrashPopulationOptions, startTime: string): CrashPopulation {
  const rng = new Rng(options.seed);
  const markets = crashMarkets();
  const commands: Json[] = [];
  let id = 0;
  const next = (prefix: string): string => `${prefix}-${++id}`;
  for (const market of markets) {
    const price = toStep(market.startPrice, market.tickSize);
    commands.push({ type: 'instrument', id: next('i'), instrument: instrumentJson(market, price) });
  }
  commands.push({ type: 'prices', id: next('p'), time: startTime, prices: markets.map((m) => ({ symbol: m.symbol, markPrice: toStep(m.startPrice, m.tickSize) })) });
  const net = new Map<string, number>(markets.map((m) => [m.symbol, 0]));
  const gross = new Map<string, number>(markets.map((m) => [m.symbol, 0]));
  for (let i = 0; i < options.accounts; i++) {
    const market = rng.chance(0.25) ? (markets[1] as DemoMarket) : (markets[0] as DemoMarket);
    const account = `t${String(i + 1).padStart(6, '0')}`;
    const inverse = market.kind === 'inverse-perpetual';
    const deposit = inverse ? rng.logBetween(0.01, 2) : rng.logBetween(200, 50_000);
    const use = rng.between(0.5, 0.95);
    const leverage: number = rng.pick(LEVERAGES);
    addTrader({ commands, next, net, gross, startTime }, rng, { account, market, deposit, use, leverage, longShare: options.longShare, isolatedShare: 0.3 });
  }
  const makers = addMakersAndFunds({ commands, next, net, gross, startTime }, markets, options.fundRatio);
  return { commands, traders: options.accounts, makers };
}

/** Where a population is being written: its commands, id counter and open interest per symbol. */
export interface PopulationBuilder {
  readonly commands: Json[];
  readonly next: (prefix: string) => string;
  /** Net contracts per symbol (+ long). */
  readonly net: Map<string, number>;
  readonly gross: Map<string, number>;
  readonly startTime: string;
}

export interface TraderDraw {
  readonly account: string;
  readonly market: DemoMarket;
  /** Settle asset. */
  readonly deposit: number;
  /** Share of deposit x leverage the position uses. */
  readonly use: number;
  readonly leverage: number;
  readonly longShare: number;
  readonly isolatedShare: number;
}

/** One trader's commands (deposit, margin mode, leverage, fill); false when the position is below one lot. */
export function addTrader(builder: PopulationBuilder, rng: Rng, draw: TraderDraw): boolean {
  const { commands, next, net, gross, startTime } = builder;
  const { account, market, deposit, use } = draw;
  // The tier of the position caps the leverage (a larger position gets less).
  let leverage = draw.leverage;
  let contracts = contractsFor(market, deposit * leverage * use, market.startPrice);
  for (let cap = tierMaxLeverage(market, notionalOf(market, contracts, market.startPrice)); leverage > cap; cap = tierMaxLeverage(market, notionalOf(market, contracts, market.startPrice))) {
    leverage = cap;
    contracts = contractsFor(market, deposit * leverage * use, market.startPrice);
  }
  if (contracts <= 0) return false;
  const long = rng.chance(draw.longShare);
  commands.push({ type: 'deposit', id: next('d'), account, asset: market.settle, amount: toAmount(deposit, 8) });
  if (rng.chance(draw.isolatedShare)) commands.push({ type: 'setMarginMode', id: next('m'), account, symbol: market.symbol, mode: 'isolated' });
  commands.push({ type: 'setLeverage', id: next('l'), account, symbol: market.symbol, leverage: String(leverage) });
  commands.push({
    type: 'fill', id: next('f'), account, symbol: market.symbol, side: long ? 'buy' : 'sell', size: sizeText(market, contracts),
    price: toStep(market.startPrice, market.tickSize), fee: '0', time: startTime,
  });
  net.set(market.symbol, (net.get(market.symbol) ?? 0) + (long ? contracts : -contracts));
  gross.set(market.symbol, (gross.get(market.symbol) ?? 0) + contracts);
  return true;
}

/** Market makers holding the other side of the traders' net position, and each symbol's insurance fund; returns the makers. */
export function addMakersAndFunds(builder: PopulationBuilder, markets: readonly DemoMarket[], fundRatio: number): number {
  const { commands, next, net, gross, startTime } = builder;
  let makers = 0;
  for (const market of markets) {
    const lot = Number(market.lotSize);
    const netContracts = net.get(market.symbol) ?? 0;
    const each = Math.floor(Math.abs(netContracts) / MAKERS_PER_MARKET / lot) * lot;
    if (each <= 0) continue;
    for (let k = 0; k < MAKERS_PER_MARKET; k++) {
      const account = `mm-${market.symbol}-${k + 1}`;
      const margin = (notionalOf(market, each, market.startPrice) / MAKER_LEVERAGE) * 1.5;
      commands.push({ type: 'deposit', id: next('d'), account, asset: market.settle, amount: toAmount(margin, 8) });
      commands.push({ type: 'setLeverage', id: next('l'), account, symbol: market.symbol, leverage: String(MAKER_LEVERAGE) });
      commands.push({
        type: 'fill', id: next('f'), account, symbol: market.symbol, side: netContracts > 0 ? 'sell' : 'buy', size: sizeText(market, each),
        price: toStep(market.startPrice, market.tickSize), fee: '0', time: startTime,
      });
      makers++;
    }
    const fund = notionalOf(market, gross.get(market.symbol) ?? 0, market.startPrice) * fundRatio;
    // The symbol's own fund: every profile then uses it (docs/liquidation.md, section 4).
    if (fund > 0) commands.push({ type: 'insuranceDeposit', id: next('fund'), asset: market.settle, symbol: market.symbol, amount: toAmount(fund, 8) });
  }
  return makers;
}
