/** Test scenario: two rounds of bankruptcies that reach every partition of a 3-partition cluster (the fund-float tests). */
import { BTCUSDT_LINEAR_3TIER, at } from '@margin/testkit';

/** Isolated 50x longs that go bankrupt when the mark falls 1,000, against well-funded shorts. */
export function bankruptcyRound(round: number, markAfter: string): string[][] {
  const longs = Array.from({ length: 9 }, (_, i) => `long-${round}-${i}`);
  const shorts = Array.from({ length: 3 }, (_, i) => `short-${round}-${i}`);
  const open: Record<string, unknown>[] = [];
  for (const account of longs) {
    open.push({ type: 'deposit', id: `d-${account}`, account, asset: 'USDT', amount: '1000' });
    open.push({ type: 'setMarginMode', id: `m-${account}`, account, symbol: 'BTCUSDT', mode: 'isolated' });
    open.push({ type: 'setLeverage', id: `l-${account}`, account, symbol: 'BTCUSDT', leverage: '50' });
    open.push({ type: 'fill', id: `f-${account}`, account, symbol: 'BTCUSDT', side: 'buy', size: '1', price: String(31000 - round * 1000), fee: '0', time: at(round * 10 + 1) });
  }
  for (const account of shorts) {
    open.push({ type: 'deposit', id: `d-${account}`, account, asset: 'USDT', amount: '100000' });
    open.push({ type: 'fill', id: `f-${account}`, account, symbol: 'BTCUSDT', side: 'sell', size: '3', price: String(31000 - round * 1000), fee: '0', time: at(round * 10 + 1) });
  }
  const drop = [{ type: 'price', id: `p-${round}`, symbol: 'BTCUSDT', markPrice: markAfter, indexPrice: markAfter, time: at(round * 10 + 2) }];
  return [open, drop].map((step) => step.map((command) => JSON.stringify(command)));
}

/** The steps of the run; the coordinator rebalances between steps (the single process never does). */
export function bankruptcySteps(): string[][] {
  const setup = [
    { type: 'instrument', id: 'i-btc', instrument: BTCUSDT_LINEAR_3TIER },
    { type: 'price', id: 'p-0', symbol: 'BTCUSDT', markPrice: '30000', indexPrice: '30000', time: at(0) },
    { type: 'insuranceDeposit', id: 'ins-1', asset: 'USDT', amount: '20000' },
  ].map((command) => JSON.stringify(command));
  return [setup, ...bankruptcyRound(1, '29000'), ...bankruptcyRound(2, '28000')];
}
