/**
 * A long, deterministic NDJSON command stream for the crash test and the ingestion benchmark:
 * the same seed gives the same lines. It walks most command types (instruments linear, inverse
 * and dated, deposits, withdrawals, prices, fills in one-way and hedge mode, isolated margin,
 * orders, leverage, funding, expiry) with realistic rejections, and sprinkles in repeated command
 * ids and bad lines, which `margin run` must report or skip without stopping.
 * Numbers are built from integers (ticks, lots, cents), never formatted from floats.
 */
import { Rng } from './rng.js';

export interface CommandStreamOptions {
  readonly seed: number;
  /** Lines to produce (commands, repeats and bad lines together). */
  readonly lines: number;
  /** Share of lines that repeat an earlier command id (default 0.01). */
  readonly repeatRate?: number;
  /** Share of lines that are bad input (default 0.002). */
  readonly badRate?: number;
}

interface Market {
  readonly symbol: string;
  readonly settle: string;
  /** Price in ticks. */
  markTicks: number;
  readonly tickDecimals: number;
  readonly lotDecimals: number;
}

const START_MS = Date.UTC(2026, 0, 1);

/** `units` scaled down by 10^decimals as a decimal string: (12345, 2) -> "123.45". */
export function scaled(units: number, decimals: number): string {
  const negative = units < 0;
  const digits = String(Math.abs(units)).padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction.length > 0 ? `.${fraction}` : ''}`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

const TIERS = [
  { notionalFloor: '0', maintenanceRate: '0.004', maxLeverage: '125' },
  { notionalFloor: '50000', maintenanceRate: '0.005', maxLeverage: '100' },
  { notionalFloor: '250000', maintenanceRate: '0.01', maxLeverage: '50' },
  { notionalFloor: '1000000', maintenanceRate: '0.025', maxLeverage: '20' },
];
const INVERSE_TIERS = [
  { notionalFloor: '0', maintenanceRate: '0.005', maxLeverage: '125' },
  { notionalFloor: '5', maintenanceRate: '0.01', maxLeverage: '50' },
  { notionalFloor: '20', maintenanceRate: '0.05', maxLeverage: '10' },
];

export function generateCommandLines(options: CommandStreamOptions): string[] {
  const rng = new Rng(options.seed);
  const random = (): number => rng.next();
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
  const repeatRate = options.repeatRate ?? 0.01;
  const badRate = options.badRate ?? 0.002;
  const lines: string[] = [];
  const emitted: string[] = [];
  let next = 0;
  let clockMs = START_MS;
  const push = (command: Record<string, unknown>): void => {
    const line = JSON.stringify({ ...command, id: `c${next++}` });
    lines.push(line);
    emitted.push(line);
  };

  // The dated future expires 60% of the way through the stream's clock (one second per line).
  const expiryMs = START_MS + Math.floor(options.lines * 0.6) * 1000;
  const markets: Market[] = [
    { symbol: 'BTCUSDT', settle: 'USDT', markTicks: 300_000, tickDecimals: 1, lotDecimals: 3 },
    { symbol: 'ETHUSDT', settle: 'USDT', markTicks: 200_000, tickDecimals: 2, lotDecimals: 2 },
    { symbol: 'BTCUSD', settle: 'BTC', markTicks: 60_000, tickDecimals: 0, lotDecimals: 0 },
    { symbol: 'BTCUSDT-Q', settle: 'USDT', markTicks: 301_000, tickDecimals: 1, lotDecimals: 3 },
  ];
  const accountCount = Math.max(8, Math.floor(options.lines / 40));
  const accounts = Array.from({ length: accountCount }, (_, i) => `acct-${i}`);
  const isHedge = (account: string): boolean => Number(account.slice(5)) % 5 === 0;
  const openOrders: { account: string; orderId: string }[] = [];
  let orderSerial = 0;
  const fundingEveryLines = Math.max(500, Math.floor(options.lines / 10));
  let nextFundingLine = fundingEveryLines;
  let expirySettled = false;

  // Setup: instruments, then position modes and margin modes before any position exists.
  push({ type: 'instrument', instrument: { symbol: 'BTCUSDT', kind: 'linear-perpetual', settle: 'USDT', contractSize: '1', tickSize: '0.1', lotSize: '0.001', takerFeeRate: '0.0004', tiers: TIERS } });
  push({ type: 'instrument', instrument: { symbol: 'ETHUSDT', kind: 'linear-perpetual', settle: 'USDT', contractSize: '1', tickSize: '0.01', lotSize: '0.01', tiers: TIERS } });
  push({ type: 'instrument', instrument: { symbol: 'BTCUSD', kind: 'inverse-perpetual', settle: 'BTC', contractSize: '100', tickSize: '1', lotSize: '1', tiers: INVERSE_TIERS } });
  push({ type: 'instrument', instrument: { symbol: 'BTCUSDT-Q', kind: 'linear-future', settle: 'USDT', contractSize: '1', tickSize: '0.1', lotSize: '0.001', expiry: iso(expiryMs), tiers: TIERS } });
  for (const market of markets) {
    push({ type: 'price', symbol: market.symbol, markPrice: scaled(market.markTicks, market.tickDecimals), time: iso(clockMs) });
  }
  for (const account of accounts) {
    push({ type: 'deposit', account, asset: 'USDT', amount: '100000' });
    if (isHedge(account)) push({ type: 'setPositionMode', account, mode: 'hedge' });
    else if (Number(account.slice(5)) % 7 === 3) push({ type: 'setMarginMode', account, symbol: 'ETHUSDT', mode: 'isolated' });
  }

  while (lines.length < options.lines) {
    clockMs += 1000;
    const roll = random();
    if (roll < badRate) {
      lines.push(pick(['{"type":"fill","id":"bad"', '{"type":"deposit","id":"bad-amount","account":"a","asset":"USDT","amount":-5}', '{"type":"teleport","id":"x"}', '[]']));
      continue;
    }
    if (roll < badRate + repeatRate && emitted.length > 0) {
      lines.push(pick(emitted));
      continue;
    }
    const account = pick(accounts);
    const market = pick(markets);
    const kind = random();
    if (kind < 0.38) {
      const side = random() < 0.5 ? 'buy' : 'sell';
      const lots = int(1, market.lotDecimals === 0 ? 40 : 900);
      const priceTicks = market.markTicks + int(-20, 20);
      const fill: Record<string, unknown> = {
        type: 'fill', account, symbol: market.symbol, side, size: scaled(lots, market.lotDecimals),
        price: scaled(priceTicks, market.tickDecimals), fee: market.settle === 'BTC' ? '0.00001' : scaled(int(0, 500), 2), time: iso(clockMs),
      };
      if (isHedge(account)) fill['positionSide'] = random() < 0.5 ? 'long' : 'short';
      push(fill);
    } else if (kind < 0.62) {
      const moveTicks = Math.round(market.markTicks * (random() - 0.5) * 0.01);
      market.markTicks = Math.max(10, market.markTicks + moveTicks);
      push({ type: 'price', symbol: market.symbol, markPrice: scaled(market.markTicks, market.tickDecimals), indexPrice: scaled(market.markTicks + int(-5, 5), market.tickDecimals), time: iso(clockMs) });
    } else if (kind < 0.74) {
      const btc = random() < 0.2;
      push({ type: 'deposit', account, asset: btc ? 'BTC' : 'USDT', amount: btc ? scaled(int(1, 500), 2) : scaled(int(1000, 5_000_000), 2) });
    } else if (kind < 0.79) {
      push({ type: 'withdraw', account, asset: 'USDT', amount: scaled(int(100, 200_000), 2) });
    } else if (kind < 0.85) {
      const orderId = `o${orderSerial++}`;
      const order: Record<string, unknown> = {
        type: 'placeOrder', account, orderId, symbol: market.symbol, side: random() < 0.5 ? 'buy' : 'sell',
        size: scaled(int(1, market.lotDecimals === 0 ? 20 : 500), market.lotDecimals), price: scaled(market.markTicks + int(-200, 200), market.tickDecimals),
      };
      if (isHedge(account)) order['positionSide'] = random() < 0.5 ? 'long' : 'short';
      push(order);
      openOrders.push({ account, orderId });
    } else if (kind < 0.89 && openOrders.length > 0) {
      const index = Math.floor(random() * openOrders.length);
      const order = openOrders.splice(index, 1)[0] as { account: string; orderId: string };
      push({ type: 'cancelOrder', account: order.account, orderId: order.orderId });
    } else if (kind < 0.92) {
      push({ type: 'setLeverage', account, symbol: market.symbol, leverage: String(int(1, 60)) });
    } else if (kind < 0.94) {
      const hedged = isHedge(account);
      push({
        type: 'addIsolatedMargin', account, symbol: 'ETHUSDT', amount: scaled(int(100, 10_000), 2),
        ...(hedged ? { positionSide: 'long' } : {}),
      });
    } else if (kind < 0.95 && lines.length >= nextFundingLine) {
      // Funding rounds at a fixed count of lines (about ten per stream, whatever its length):
      // each one pays every open position of the symbol, so they dominate the event count.
      nextFundingLine += fundingEveryLines;
      for (const symbol of ['BTCUSDT', 'ETHUSDT', 'BTCUSD']) {
        push({ type: 'fundingRate', symbol, rate: scaled(int(-300, 300), 6), time: iso(clockMs) });
        push({ type: 'settleFunding', symbol, time: iso(clockMs) });
      }
    } else if (!expirySettled && clockMs > expiryMs) {
      expirySettled = true;
      const future = markets[3] as Market;
      push({ type: 'settleExpiry', symbol: future.symbol, price: scaled(future.markTicks, future.tickDecimals), time: iso(clockMs) });
    } else {
      push({ type: 'setMarginMode', account, symbol: market.symbol, mode: random() < 0.5 ? 'cross' : 'isolated' });
    }
  }
  return lines.slice(0, options.lines);
}
