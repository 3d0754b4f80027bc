/**
 * Regressions from the code review of the money paths (each failed before its fix).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BTCUSDT_LINEAR_3TIER, at } from '@margin/testkit';
import { Harness } from '../testing/harness.js';
import { parseCommand } from '../commands/parse-command.js';
import { snapshotState } from '../snapshot/snapshot.js';

test('command ids (and every text field) with NUL or an unpaired surrogate are bad input, not a journal-stopping id', () => {
  assert.throws(() => parseCommand({ type: 'deposit', id: 'evil\u0000', account: 'a', asset: 'USDT', amount: '1' }), /deposit\.id: must not contain NUL or unpaired surrogate characters/);
  assert.throws(() => parseCommand({ type: 'deposit', id: 'd1', account: 'a\uD800', asset: 'USDT', amount: '1' }), /deposit\.account: must not contain NUL/);
  assert.doesNotThrow(() => parseCommand({ type: 'deposit', id: 'ok-\uD83D\uDE00', account: 'a', asset: 'USDT', amount: '1' }));
});

test('a rejected deposit or withdrawal of an unknown asset creates no ledger for it', () => {
  const h = new Harness();
  h.run({ type: 'deposit', account: 'alice', asset: 'USDT', amount: '100' });
  const assets = (): unknown => (JSON.parse(snapshotState(h.state)) as { assets: unknown }).assets;
  const before = assets();
  assert.equal(h.one({ type: 'deposit', account: 'alice', asset: 'ZZZ', amount: '0.123456789' })['code'], 'amount_precision_exceeded');
  assert.equal(h.one({ type: 'withdraw', account: 'alice', asset: 'QQQ', amount: '1' })['type'], 'rejected');
  assert.deepEqual(assets(), before); // no ledger appears for ZZZ or QQQ (ids and seq are recorded: idempotency)
});

test('raising leverage frees initial margin, so it passes even while the account is below IM', () => {
  const h = new Harness();
  h.run({ type: 'instrument', instrument: BTCUSDT_LINEAR_3TIER });
  h.run({ type: 'deposit', account: 'alice', asset: 'USDT', amount: '1000' });
  h.run({ type: 'price', symbol: 'BTCUSDT', markPrice: '30000', time: at(0) });
  h.run({ type: 'setLeverage', account: 'alice', symbol: 'BTCUSDT', leverage: '10' });
  h.run({ type: 'fill', account: 'alice', symbol: 'BTCUSDT', side: 'buy', size: '0.3', price: '30000', fee: '0', time: at(1) });
  h.run({ type: 'price', symbol: 'BTCUSDT', markPrice: '29000', time: at(2) });
  // equity 700 < IM 870 at 10x; 11x lowers IM to 790.9: still short, but it must not be refused
  assert.equal(h.one({ type: 'setLeverage', account: 'alice', symbol: 'BTCUSDT', leverage: '11' })['type'], 'leverageSet');
  // lowering leverage raises IM above equity: refused
  const refused = h.run({ type: 'setLeverage', account: 'alice', symbol: 'BTCUSDT', leverage: '5' });
  assert.equal(refused[0]?.['code'], 'initial_margin_insufficient');
});
