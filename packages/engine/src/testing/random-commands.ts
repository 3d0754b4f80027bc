/**
 * Random command sequences for property tests (engine.property.test.ts, preview.property.test.ts):
 * 4 accounts (c and d in hedge mode), 2 linear symbols (USDT) and 1 inverse symbol (BTC), every
 * command type, with gaps, order books and insurance deposits so that liquidations run too.
 */
/* eslint-disable no-restricted-syntax -- test input only: decimal strings formatted from small integers (as in the *.test.ts files) */
import fc from 'fast-check';
import { BTCUSDT_LINEAR_3TIER, BTCUSD_INVERSE_100_MMR04, ETHUSDT_LINEAR_2TIER, T0_MS } from '@margin/testkit';

export type Json = Record<string, unknown>;

export const ACCOUNTS = ['a', 'b', 'c', 'd'];
export const SYMBOLS = [
  { symbol: 'BTCUSDT', base: 30000, tick: 1, lot: 1000, asset: 'USDT' },
  { symbol: 'ETHUSDT', base: 2000, tick: 100, lot: 100, asset: 'USDT' },
  { symbol: 'BTCUSD', base: 40000, tick: 10, lot: 1, asset: 'BTC' },
];

export const account = fc.constantFrom(...ACCOUNTS);
/** Accounts c and d trade in hedge mode (set up front), so their trades name a side. */
export const HEDGED = new Set(['c', 'd']);
export const positionSideArb = fc.boolean().map((long) => (long ? 'long' : 'short'));
export const sideFor = (acc: string, side: string): Json => (HEDGED.has(acc) ? { positionSide: side } : {});
export const symbolIndex = fc.integer({ min: 0, max: SYMBOLS.length - 1 });
/** A price within +-20% of the symbol's base, on its tick (tick = 1/n of a unit). */
export const priceOf = (i: number, permille: number): string => {
  const s = SYMBOLS[i] ?? SYMBOLS[0];
  if (s === undefined) return '1';
  const ticks = Math.round(s.base * (1 + permille / 1000) * s.tick);
  return s.tick === 1 ? String(ticks) : (ticks / s.tick).toFixed(String(s.tick).length - 1);
};
export const sizeOf = (i: number, lots: number): string => {
  const s = SYMBOLS[i] ?? SYMBOLS[0];
  if (s === undefined || s.lot === 1) return String(lots);
  return (lots / s.lot).toFixed(String(s.lot).length - 1);
};

export const commandArb: fc.Arbitrary<(time: number) => Json> = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(account, fc.boolean(), fc.integer({ min: 1, max: 50000 })).map(([acc, btc, amount]) => () => ({ type: 'deposit', account: acc, asset: btc ? 'BTC' : 'USDT', amount: btc ? (amount / 10000).toFixed(4) : String(amount) })) },
  { weight: 2, arbitrary: fc.tuple(account, fc.boolean(), fc.integer({ min: 1, max: 20000 })).map(([acc, btc, amount]) => () => ({ type: 'withdraw', account: acc, asset: btc ? 'BTC' : 'USDT', amount: btc ? (amount / 10000).toFixed(4) : String(amount) })) },
  { weight: 4, arbitrary: fc.tuple(symbolIndex, fc.integer({ min: -200, max: 200 })).map(([i, pm]) => (time: number) => ({ type: 'price', symbol: SYMBOLS[i]?.symbol, markPrice: priceOf(i, pm), indexPrice: priceOf(i, pm + 1), time: new Date(time).toISOString() })) },
  {
    weight: 10,
    arbitrary: fc
      .tuple(account, symbolIndex, fc.boolean(), fc.integer({ min: 1, max: 3000 }), fc.integer({ min: -30, max: 30 }), fc.integer({ min: 0, max: 300 }), positionSideArb, fc.boolean(), fc.integer({ min: 0, max: 19 }).map((n) => (n === 0 ? 'o1' : n === 1 ? 'o2' : undefined)))
      .map(([acc, i, buy, lots, pm, fee, positionSide, reduceOnly, orderId]) => (time: number) => ({
        type: 'fill',
        account: acc,
        symbol: SYMBOLS[i]?.symbol,
        side: buy ? 'buy' : 'sell',
        size: sizeOf(i, lots),
        price: priceOf(i, pm),
        fee: (fee / 100).toFixed(2),
        time: new Date(time).toISOString(),
        ...sideFor(acc, positionSide),
        ...(reduceOnly && lots % 4 === 0 ? { reduceOnly: true } : {}),
        ...(orderId === undefined ? {} : { orderId }),
      })),
  },
  { weight: 2, arbitrary: fc.tuple(account, symbolIndex, fc.integer({ min: 1, max: 130 })).map(([acc, i, leverage]) => () => ({ type: 'setLeverage', account: acc, symbol: SYMBOLS[i]?.symbol, leverage: String(leverage) })) },
  { weight: 1, arbitrary: fc.tuple(account, symbolIndex, fc.boolean()).map(([acc, i, iso]) => () => ({ type: 'setMarginMode', account: acc, symbol: SYMBOLS[i]?.symbol, mode: iso ? 'isolated' : 'cross' })) },
  { weight: 1, arbitrary: account.map((acc) => () => ({ type: 'setPositionMode', account: acc, mode: HEDGED.has(acc) ? 'hedge' : 'one-way' })) },
  {
    weight: 2,
    arbitrary: fc.tuple(account, symbolIndex, fc.boolean(), fc.integer({ min: 1, max: 5000 }), positionSideArb).map(([acc, i, add, amount, positionSide]) => () => ({
      type: add ? 'addIsolatedMargin' : 'removeIsolatedMargin',
      account: acc,
      symbol: SYMBOLS[i]?.symbol,
      amount: SYMBOLS[i]?.asset === 'BTC' ? (amount / 100000).toFixed(5) : String(amount),
      ...sideFor(acc, positionSide),
    })),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(account, symbolIndex, fc.constantFrom('o1', 'o2', 'o3'), fc.boolean(), fc.integer({ min: 1, max: 3000 }), fc.integer({ min: -50, max: 50 }), positionSideArb, fc.boolean())
      .map(([acc, i, orderId, buy, lots, pm, positionSide, reduceOnly]) => () => ({
        type: 'placeOrder',
        account: acc,
        orderId,
        symbol: SYMBOLS[i]?.symbol,
        side: buy ? 'buy' : 'sell',
        size: sizeOf(i, lots),
        price: priceOf(i, pm),
        reduceOnly: reduceOnly && lots % 3 === 0,
        ...sideFor(acc, positionSide),
      })),
  },
  { weight: 1, arbitrary: fc.tuple(account, fc.constantFrom('o1', 'o2', 'o3')).map(([acc, orderId]) => () => ({ type: 'cancelOrder', account: acc, orderId })) },
  // Gaps: a mark 25-45% away from the base, so that liquidations, bankruptcies, ADL and socialised losses happen.
  { weight: 1, arbitrary: fc.tuple(symbolIndex, fc.boolean(), fc.integer({ min: 250, max: 450 })).map(([i, up, pm]) => (time: number) => ({ type: 'price', symbol: SYMBOLS[i]?.symbol, markPrice: priceOf(i, up ? pm : -pm), time: new Date(time).toISOString() })) },
  {
    weight: 1,
    arbitrary: fc.tuple(symbolIndex, fc.integer({ min: -300, max: 300 }), fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 0, max: 4 })).map(([i, pm, lots, depth]) => (time: number) => ({
      type: 'book',
      symbol: SYMBOLS[i]?.symbol,
      bids: Array.from({ length: depth }, (_, k) => [priceOf(i, pm - 5 * (k + 1)), sizeOf(i, lots)]),
      asks: Array.from({ length: depth }, (_, k) => [priceOf(i, pm + 5 * (k + 1)), sizeOf(i, lots)]),
      time: new Date(time).toISOString(),
    })),
  },
  { weight: 1, arbitrary: fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 3000 }), fc.option(symbolIndex, { nil: undefined })).map(([btc, amount, i]) => () => ({ type: 'insuranceDeposit', asset: btc ? 'BTC' : 'USDT', amount: btc ? (amount / 100000).toFixed(5) : String(amount), ...(i === undefined || (SYMBOLS[i]?.asset === 'BTC') !== btc ? {} : { symbol: SYMBOLS[i]?.symbol }) })) },
  { weight: 1, arbitrary: fc.tuple(symbolIndex, fc.integer({ min: -300, max: 300 })).map(([i, rate]) => (time: number) => ({ type: 'fundingRate', symbol: SYMBOLS[i]?.symbol, rate: (rate / 1e6).toFixed(6), time: new Date(time).toISOString() })) },
  { weight: 1, arbitrary: fc.tuple(symbolIndex, fc.integer({ min: -3333, max: 3333 })).map(([i, rate]) => (time: number) => ({ type: 'settleFunding', symbol: SYMBOLS[i]?.symbol, time: new Date(time).toISOString(), rate: (rate / 1e7 / 3).toFixed(12) })) },
);

export const SETUP: Json[] = [
  { type: 'instrument', instrument: BTCUSDT_LINEAR_3TIER },
  { type: 'instrument', instrument: ETHUSDT_LINEAR_2TIER },
  { type: 'instrument', instrument: BTCUSD_INVERSE_100_MMR04 },
  { type: 'prices', time: new Date(T0_MS).toISOString(), prices: [{ symbol: 'BTCUSDT', markPrice: '30000' }, { symbol: 'ETHUSDT', markPrice: '2000' }, { symbol: 'BTCUSD', markPrice: '40000' }] },
  ...[...HEDGED].map((id) => ({ type: 'deposit', account: id, asset: 'USDT', amount: '1' })),
  ...[...HEDGED].map((id) => ({ type: 'setPositionMode', account: id, mode: 'hedge' })),
  ...ACCOUNTS.flatMap((id, i) => [
    { type: 'deposit', account: id, asset: 'USDT', amount: String(2000 * (i + 1)) },
    { type: 'deposit', account: id, asset: 'BTC', amount: (0.05 * (i + 1)).toFixed(2) },
  ]),
];

export function commandsOf(makers: readonly ((time: number) => Json)[], duplicateEvery: number): Json[] {
  const commands = SETUP.map((json, i) => ({ ...json, id: `s${i}` }));
  makers.forEach((make, i) => {
    commands.push({ ...make(T0_MS + (i + 1) * 1000), id: `c${i}` });
    if (duplicateEvery > 0 && i % duplicateEvery === 0) commands.push({ ...make(T0_MS + (i + 1) * 1000), id: `c${i}` });
  });
  return commands;
}
