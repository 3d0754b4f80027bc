/**
 * `margin settle` publishes the settlement price on the instrument's tick (issue 15): nearest tick,
 * ties to even (one price settles both sides, so there is no side to round against), and realised
 * PnL is computed at that published price. Without `tickSize` the exact value stands, as before.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSettle } from './settle.js';

// Mean of 61,000, 61,100, 61,100 = 61,066.666... (the 18-digit figure).
const SAMPLES = [
  { time: '2024-03-29T07:40:00Z', price: '61000' },
  { time: '2024-03-29T07:50:00Z', price: '61100' },
  { time: '2024-03-29T07:59:00Z', price: '61100' },
];
const doc = (extra: Record<string, unknown>) => JSON.stringify({ kind: 'dated-future', expiry: '2024-03-29T08:00:00Z', averaging: 'mean', samples: SAMPLES, ...extra });

test('without a tick the exact TWAP stands (unchanged output)', async () => {
  const json = JSON.parse((await runSettle('s.json', { json: true }, doc({}))).stdout) as { settlementPrice: string; settlement: Record<string, string> };
  assert.equal(json.settlementPrice, '61066.666666666666666667');
  assert.equal(json.settlement['tickSize'], undefined);
});

test('with tickSize the price is on the tick: nearest, and the unrounded value is kept beside it', async () => {
  const json = JSON.parse((await runSettle('s.json', { json: true }, doc({ tickSize: '0.1' }))).stdout) as { settlementPrice: string; settlement: Record<string, string> };
  assert.equal(json.settlementPrice, '61066.7'); // 61,066.666... is nearer 61,066.7 than 61,066.6
  assert.equal(json.settlement['unrounded'], '61066.666666666666666667');
  assert.equal(json.settlement['rounding'], 'nearest tick, ties to even');
  const half = JSON.parse((await runSettle('s.json', { json: true }, doc({ tickSize: '0.5' }))).stdout) as { settlementPrice: string };
  assert.equal(half.settlementPrice, '61066.5'); // 122,133.33 ticks of 0.5 -> 122,133
  const text = (await runSettle('s.json', {}, doc({ tickSize: '0.1' }))).stdout;
  assert.match(text, /settlement price {3}61,066\.7\n/);
});

test('a tie goes to the even tick, and PnL is realised at the published price', async () => {
  const input = { kind: 'dated-future', expiry: '2024-03-29T08:00:00Z', settlementPrice: '100.25', tickSize: '0.1', settle: 'USDT', assetDecimals: '2', positions: [{ account: 'a', side: 'long', size: '10', entryPrice: '100' }] };
  const json = JSON.parse((await runSettle('s.json', { json: true }, JSON.stringify(input))).stdout) as { settlementPrice: string; positions: { rows: { realizedPnl: string }[] } };
  assert.equal(json.settlementPrice, '100.2'); // 1,002.5 ticks: the even neighbour is 1,002
  assert.equal(json.positions.rows[0]?.realizedPnl, '2.00'); // 10 x (100.2 - 100)
  const up = JSON.parse((await runSettle('s.json', { json: true }, JSON.stringify({ ...input, settlementPrice: '100.35' }))).stdout) as { settlementPrice: string };
  assert.equal(up.settlementPrice, '100.4'); // 1,003.5 ticks: the even neighbour is 1,004
});
