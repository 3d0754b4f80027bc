/**
 * Test scenario of the shortfall protocol (shortfall.test.ts): three rounds of bankruptcies whose
 * deficits exceed the floats, each round's bankrupt longs in one partition (1, then 2, then 0),
 * against shorts in every partition. The cluster's fund (900 USDT: 300 kept by the risk
 * partition, floats of 300 in the others) covers round 1 in part; the rest, and rounds 2 and 3
 * whole, are deleveraged over the shorts of all partitions.
 */
import { BTCUSDT_LINEAR_3TIER, at } from '@margin/testkit';
import { partitionOf } from '../partition-map.js';

export const SHORTFALL_PARTITIONS = 3;
export const SHORTFALL_FLOAT = '300';
/** The partition that owns round r's bankrupt longs. */
export const BANKRUPT_PARTITION = [1, 2, 0] as const;

/** `count` account ids starting with `prefix` that hash to `partition`. */
export function accountsIn(prefix: string, partition: number, count: number): string[] {
  const ids: string[] = [];
  for (let i = 0; ids.length < count; i++) if (partitionOf(`${prefix}-${i}`, SHORTFALL_PARTITIONS) === partition) ids.push(`${prefix}-${i}`);
  return ids;
}

const lines = (commands: readonly Record<string, unknown>[]): string[] => commands.map((command) => JSON.stringify(command));

/** The steps, each a list of command lines. `hold` adds the cluster's `liquidationMode` (the single process runs without it). */
export function shortfallSteps(hold: boolean): string[][] {
  const setup: Record<string, unknown>[] = [
    { type: 'instrument', id: 'i-btc', instrument: BTCUSDT_LINEAR_3TIER },
    { type: 'price', id: 'p-0', symbol: 'BTCUSDT', markPrice: '30000', indexPrice: '30000', time: at(0) },
    { type: 'insuranceDeposit', id: 'ins-1', asset: 'USDT', amount: '900' },
    ...(hold ? [{ type: 'liquidationMode', id: 'mode-hold', shortfall: 'hold' }] : []),
  ];
  // Two shorts per partition, sizes and wallets apart so that their ADL scores differ.
  for (let q = 0; q < SHORTFALL_PARTITIONS; q++) {
    accountsIn('short', q, 2).forEach((account, j) => {
      setup.push({ type: 'deposit', id: `d-${account}`, account, asset: 'USDT', amount: String(15000 + 9000 * j + 3000 * q) });
      setup.push({ type: 'fill', id: `f-${account}`, account, symbol: 'BTCUSDT', side: 'sell', size: String(1 + j * 0.5 + q * 0.25), price: '30000', fee: '0', time: at(1) });
    });
  }
  const steps = [lines(setup)];
  BANKRUPT_PARTITION.forEach((partition, r) => {
    const entry = 30000 - r * 1000;
    const open: Record<string, unknown>[] = [];
    for (const account of accountsIn(`long${r + 1}`, partition, 3)) {
      open.push({ type: 'deposit', id: `d-${account}`, account, asset: 'USDT', amount: '1000' });
      open.push({ type: 'setMarginMode', id: `m-${account}`, account, symbol: 'BTCUSDT', mode: 'isolated' });
      open.push({ type: 'setLeverage', id: `l-${account}`, account, symbol: 'BTCUSDT', leverage: '50' });
      open.push({ type: 'fill', id: `f-${account}`, account, symbol: 'BTCUSDT', side: 'buy', size: '1', price: String(entry), fee: '0', time: at(r * 10 + 11) });
    }
    const mark = String(entry - 1000);
    steps.push(lines(open), lines([{ type: 'price', id: `p-${r + 1}`, symbol: 'BTCUSDT', markPrice: mark, indexPrice: mark, time: at(r * 10 + 12) }]));
  });
  return steps;
}
