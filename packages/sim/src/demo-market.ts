/**
 * The seeded demo market: engine commands (plain JSON, decimals as strings) for a synthetic
 * population, first a setup batch, then one batch per tick: mark/index prices (mean-reverting log
 * paths with occasional gaps), fills, deposits and withdrawals, funding rates and settlements.
 * Pure and deterministic given the seed and the times passed in; the driver supplies the clock.
 */
import { DEMO_MARKETS, instrumentJson, isInverseMarket, toAmount, toStep, type DemoMarket } from './markets.js';
import { accountId, contractsFor, makePopulation, notionalOf, type SimAccount } from './population.js';
import { Rng } from './rng.js';

export type CommandJson = Record<string, unknown> & { type: string; id: string };

export interface DemoOptions {
  readonly seed?: number;
  readonly accounts?: number;
  /** Prefix of command ids; must differ between runs on one journal (the driver uses the start seq). */
  readonly idPrefix?: string;
  /** Fills per tick. */
  readonly fillsPerTick?: number;
  /** Ticks between funding-rate updates and between settlements. */
  readonly fundingRateEveryTicks?: number;
  readonly fundingSettleEveryTicks?: number;
  /** Continue from these marks (a restart) instead of the start prices. */
  readonly startMarks?: ReadonlyMap<string, number>;
}

export interface Outcome {
  readonly id: string;
  readonly status: string;
  readonly events: readonly Record<string, unknown>[];
}

export const DEMO_ACCOUNTS_DEFAULT = 10_000;
export const DEMO_SEED_DEFAULT = 20_260_101;

const DECIMALS: Record<string, number> = { USDT: 6, BTC: 8, ETH: 8 };

export class DemoMarketSim {
  readonly accounts: SimAccount[];
  private readonly rng: Rng;
  private readonly prices = new Map<string, { log: number; anchor: number }>();
  private readonly pendingFills = new Map<string, { account: SimAccount; key: string; delta: number }>();
  private readonly rescue: SimAccount[] = [];
  private readonly byId = new Map<string, SimAccount>();
  private counter = 0;
  private tickCount = 0;
  private readonly idPrefix: string;
  private readonly fillsPerTick: number;
  private readonly fundingRateEvery: number;
  private readonly fundingSettleEvery: number;

  constructor(options: DemoOptions = {}) {
    this.rng = new Rng(options.seed ?? DEMO_SEED_DEFAULT);
    this.accounts = makePopulation(this.rng, options.accounts ?? DEMO_ACCOUNTS_DEFAULT);
    for (const account of this.accounts) this.byId.set(account.id, account);
    this.idPrefix = options.idPrefix ?? 'demo';
    this.fillsPerTick = options.fillsPerTick ?? 12;
    this.fundingRateEvery = options.fundingRateEveryTicks ?? 20;
    this.fundingSettleEvery = options.fundingSettleEveryTicks ?? 120;
    for (const market of DEMO_MARKETS) {
      const start = options.startMarks?.get(market.symbol) ?? market.startPrice;
      this.prices.set(market.symbol, { log: Math.log(start), anchor: Math.log(market.startPrice) });
    }
  }

  mark(symbol: string): number {
    const price = this.prices.get(symbol);
    return price === undefined ? Number.NaN : Math.exp(price.log);
  }

  /** Instruments, first prices and funding rates: a market ready for accounts. */
  marketSetup(timeMs: number): CommandJson[] {
    const time = new Date(timeMs).toISOString();
    const out: CommandJson[] = [];
    for (const market of DEMO_MARKETS) {
      out.push({ type: 'instrument', id: this.nextId('instrument'), instrument: instrumentJson(market, this.markText(market)) });
    }
    out.push(this.pricesCommand(time));
    for (const market of DEMO_MARKETS) out.push(this.fundingRate(market, time));
    return out;
  }

  /** Every account's deposit, settings and opening fills, in account order (batch them). */
  *populationSetup(timeMs: number): Generator<CommandJson> {
    const time = new Date(timeMs).toISOString();
    for (const account of this.accounts) {
      const decimals = DECIMALS[account.settle] ?? 8;
      yield { type: 'deposit', id: this.nextId('deposit'), account: account.id, asset: account.settle, amount: toAmount(account.deposit, decimals) };
      if (account.hedge) yield { type: 'setPositionMode', id: this.nextId('mode'), account: account.id, mode: 'hedge' };
      for (const market of account.markets) {
        yield { type: 'setLeverage', id: this.nextId('leverage'), account: account.id, symbol: market.symbol, leverage: String(account.leverage) };
        if (account.mode === 'isolated') yield { type: 'setMarginMode', id: this.nextId('margin'), account: account.id, symbol: market.symbol, mode: 'isolated' };
      }
      // Use 20-90% of the collateral as initial margin, split over the account's symbols.
      const usage = this.rng.between(0.2, 0.9) / account.markets.length;
      for (const market of account.markets) {
        const notional = account.deposit * usage * account.leverage;
        const side = this.rng.chance(0.55) ? 'buy' : 'sell';
        const fill = this.fill(account, market, side, contractsFor(market, notional, this.mark(market.symbol)), time);
        if (fill !== null) yield fill;
        if (account.hedge && this.rng.chance(0.6)) {
          const other = this.fill(account, market, side === 'buy' ? 'sell' : 'buy', contractsFor(market, notional * 0.5, this.mark(market.symbol)), time, side === 'buy' ? 'short' : 'long');
          if (other !== null) yield other;
        }
      }
    }
  }

  /** One tick of market life at `timeMs`. */
  tick(timeMs: number): CommandJson[] {
    this.tickCount++;
    const time = new Date(timeMs).toISOString();
    for (const market of DEMO_MARKETS) this.step(market);
    const out: CommandJson[] = [this.pricesCommand(time)];
    for (let i = 0; i < this.fillsPerTick; i++) {
      const fill = this.randomFill(time);
      if (fill !== null) out.push(fill);
    }
    // Accounts in a margin call: most add collateral or cut their position, as traders do.
    for (const account of this.rescue.splice(0, 20)) {
      if (this.rng.chance(0.6)) {
        const decimals = DECIMALS[account.settle] ?? 8;
        out.push({ type: 'deposit', id: this.nextId('topup'), account: account.id, asset: account.settle, amount: toAmount(account.deposit * this.rng.between(0.3, 1), decimals) });
      } else {
        const reduce = this.reduceFill(account, time, 0.5);
        if (reduce !== null) out.push(reduce);
      }
    }
    if (this.rng.chance(0.3)) {
      const account = this.rng.pick(this.accounts);
      const decimals = DECIMALS[account.settle] ?? 8;
      const withdraw = this.rng.chance(0.4);
      out.push({
        type: withdraw ? 'withdraw' : 'deposit',
        id: this.nextId(withdraw ? 'withdraw' : 'deposit'),
        account: account.id,
        asset: account.settle,
        amount: toAmount(account.deposit * this.rng.between(0.01, 0.1), decimals),
      });
    }
    if (this.tickCount % this.fundingRateEvery === 0) for (const market of DEMO_MARKETS) out.push(this.fundingRate(market, time));
    if (this.tickCount % this.fundingSettleEvery === 0) {
      for (const market of DEMO_MARKETS) out.push({ type: 'settleFunding', id: this.nextId('settle'), symbol: market.symbol, time });
    }
    return out;
  }

  /** Feeds the engine's answers back: rejected fills are undone in the model; margin calls prompt a reaction. */
  observe(outcomes: readonly Outcome[]): void {
    for (const outcome of outcomes) {
      const pending = this.pendingFills.get(outcome.id);
      if (pending !== undefined) {
        this.pendingFills.delete(outcome.id);
        if (outcome.status !== 'accepted') {
          const position = pending.account.positions.get(pending.key);
          if (position !== undefined) position.size -= pending.delta;
        }
      }
      for (const event of outcome.events) {
        if (event['type'] !== 'marginCall') continue;
        const level = event['level'];
        const account = typeof event['account'] === 'string' ? this.byId.get(event['account']) : undefined;
        if (account !== undefined && (level === 'call' || level === 'liquidation') && this.rng.chance(0.7)) this.rescue.push(account);
      }
    }
  }

  private step(market: DemoMarket): void {
    const price = this.prices.get(market.symbol) as { log: number; anchor: number };
    let move = market.tickVol * this.rng.normal() + 0.004 * (price.anchor - price.log);
    // A gap now and then: the market jumps several percent between two prints.
    if (this.rng.chance(0.0015)) move += (this.rng.chance(0.5) ? -1 : 1) * this.rng.between(0.015, 0.04);
    price.log += move;
  }

  private markText(market: DemoMarket): string {
    return toStep(this.mark(market.symbol), market.tickSize);
  }

  private pricesCommand(time: string): CommandJson {
    return {
      type: 'prices',
      id: this.nextId('prices'),
      time,
      prices: DEMO_MARKETS.map((market) => {
        const mark = this.mark(market.symbol);
        const index = mark * (1 + 0.0004 * this.rng.normal());
        return { symbol: market.symbol, markPrice: toStep(mark, market.tickSize), indexPrice: toStep(index, market.tickSize) };
      }),
    };
  }

  private fundingRate(market: DemoMarket, time: string): CommandJson {
    const price = this.prices.get(market.symbol) as { log: number; anchor: number };
    // Premium follows how far the mark is above its anchor, plus the usual 0.01% interest.
    const premium = Math.max(-0.003, Math.min(0.003, 0.05 * (price.log - price.anchor) + 0.0001 + 0.00005 * this.rng.normal()));
    return { type: 'fundingRate', id: this.nextId('funding'), symbol: market.symbol, rate: premium.toFixed(6), time };
  }

  private fill(account: SimAccount, market: DemoMarket, side: 'buy' | 'sell', contracts: number, time: string, hedgeSide?: 'long' | 'short'): CommandJson | null {
    const size = toStep(contracts, market.lotSize, true);
    if (Number(size) <= 0) return null;
    const mark = this.mark(market.symbol);
    const price = toStep(mark * (1 + (side === 'buy' ? 1 : -1) * 0.0002), market.tickSize);
    const notional = notionalOf(market, Number(size), Number(price));
    const fee = toAmount(notional * Number(market.takerFeeRate), DECIMALS[market.settle] ?? 8);
    const positionSide = account.hedge ? (hedgeSide ?? (side === 'buy' ? 'long' : 'short')) : undefined;
    const key = positionSide === undefined ? market.symbol : `${market.symbol}/${positionSide}`;
    const signed = (side === 'buy' ? 1 : -1) * Number(size);
    const id = this.nextId('fill');
    const position = account.positions.get(key) ?? { size: 0 };
    position.size += signed;
    account.positions.set(key, position);
    this.pendingFills.set(id, { account, key, delta: signed });
    const command: CommandJson = { type: 'fill', id, account: account.id, symbol: market.symbol, side, size, price, fee, time };
    if (positionSide !== undefined) command['positionSide'] = positionSide;
    return command;
  }

  private reduceFill(account: SimAccount, time: string, fraction: number): CommandJson | null {
    const held = [...account.positions.entries()].filter(([, p]) => p.size !== 0);
    if (held.length === 0) return null;
    const [key, position] = this.rng.pick(held);
    const symbol = key.split('/')[0] as string;
    const market = account.markets.find((m) => m.symbol === symbol);
    if (market === undefined) return null;
    const hedgeSide = key.endsWith('/long') ? 'long' : key.endsWith('/short') ? 'short' : undefined;
    const long = hedgeSide === undefined ? position.size > 0 : hedgeSide === 'long';
    return this.fill(account, market, long ? 'sell' : 'buy', Math.abs(position.size) * fraction, time, hedgeSide);
  }

  private randomFill(time: string): CommandJson | null {
    const account = this.rng.pick(this.accounts);
    if (this.rng.chance(0.45)) {
      const reduce = this.reduceFill(account, time, this.rng.between(0.1, 1));
      if (reduce !== null) return reduce;
    }
    const market = this.rng.pick(account.markets);
    const notional = account.deposit * this.rng.between(0.05, 0.3) * account.leverage;
    const side = this.rng.chance(0.5) ? 'buy' : 'sell';
    return this.fill(account, market, side, contractsFor(market, notional, this.mark(market.symbol)), time);
  }

  private nextId(kind: string): string {
    this.counter++;
    return `${this.idPrefix}-${kind}-${this.counter}`;
  }
}

export { accountId, isInverseMarket };
