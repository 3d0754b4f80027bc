/**
 * The shortfall mode (`liquidationMode` `hold`, liquidation/shortfall.ts) and the commands of the
 * shortfall protocol (`adlClose`, `shortfallSettle`): a bankruptcy the fund cannot cover is held in
 * `deficit-pending`; the ADL a coordinator then sends as commands, with the haircuts paid back,
 * ends in the state the local ADL reaches in one command (binance ADL case of liquidation.test.ts).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { EngineEvent } from '../apply/apply-command.js';
import { restoreState } from '../snapshot/restore.js';
import { snapshotState, stateHash } from '../snapshot/snapshot.js';
import { at } from '@margin/testkit';
import { fill, market, type Harness } from '../testing/harness.js';

const E8 = 10n ** 8n;
const ofType = (events: readonly EngineEvent[], type: string): EngineEvent[] => events.filter((event) => event.type === type);

/** alice (isolated 50x long 1 at 30,000) goes bankrupt by 400 at 29,000 against bob (short 0.5) and carol (short 2). */
function scenario(hold: boolean): Harness {
  const h = market({ profile: 'binance-usdm' }, ['alice', 'bob', 'carol'], '1000');
  if (hold) assert.deepEqual(h.run({ type: 'liquidationMode', shortfall: 'hold' }).map((e) => e.type), ['liquidationModeSet']);
  h.run({ type: 'setMarginMode', account: 'alice', symbol: 'BTCUSDT', mode: 'isolated' });
  h.run({ type: 'setLeverage', account: 'alice', symbol: 'BTCUSDT', leverage: '50' });
  h.run(fill('alice', 'buy', '1', '30000'));
  h.run(fill('bob', 'sell', '0.5', '30000'));
  h.run({ type: 'deposit', account: 'carol', asset: 'USDT', amount: '9000' });
  h.run(fill('carol', 'sell', '2', '30000'));
  h.run({ type: 'price', symbol: 'BTCUSDT', markPrice: '29800', time: at(2) });
  return h;
}

/** The snapshot without what differs by construction: the journal's ids and seq, the mode, zero system lines. */
function comparable(h: Harness): unknown {
  const value = JSON.parse(snapshotState(h.state)) as Record<string, unknown> & { assets: { system: Record<string, string> }[] };
  for (const key of ['lastSeq', 'appliedIds', 'previousIds', 'shortfall']) delete value[key];
  for (const asset of value.assets) asset.system = Object.fromEntries(Object.entries(asset.system).filter(([, units]) => /[1-9]/.test(units)));
  return value;
}

const pending = (h: Harness, account: 'deficit-pending' | 'transfers'): bigint => h.state.assets.get('USDT')?.system.get(account) ?? 0n;

describe('shortfall mode and protocol', () => {
  it('holds what the fund cannot cover in deficit-pending with a shortfall event; adlClose + shortfallSettle end where the local ADL ends', () => {
    const local = scenario(false);
    local.run({ type: 'price', symbol: 'BTCUSDT', markPrice: '29000', time: at(3) });

    const h = scenario(true);
    const events = h.run({ type: 'price', symbol: 'BTCUSDT', markPrice: '29000', time: at(3) });
    assert.equal(ofType(events, 'autoDeleveraged').length, 0, 'no local ADL in hold mode');
    const [held] = ofType(events, 'shortfall');
    assert.deepEqual(
      [held?.['account'], held?.['bankruptPositionKey'], held?.['side'], held?.['size'], held?.['share'], held?.['amount'], held?.['markPrice'], held?.['bankruptcyPrice'], held?.['rule']],
      ['alice', 'BTCUSDT', 'long', '1', '400', '400', '29000', '29400', 'adl'],
    );
    assert.equal(pending(h, 'deficit-pending'), -400n * E8, 'the partition waits for 400');
    assert.equal(h.wallet('alice'), 400n * E8, 'the bankrupt account is made whole at once, as locally');
    // A snapshot keeps the mode (a restarted worker holds shortfalls too).
    assert.equal(restoreState(snapshotState(h.state)).shortfall, 'hold');
    assert.equal(stateHash(restoreState(snapshotState(h.state))), stateHash(h.state));

    // The coordinator's ADL, as the local one ranks it: bob 0.5 pays 200, carol 0.5 of her 2 pays 200.
    const close = (account: string, rank: number, id: string) => ({ type: 'adlClose', id, account, symbol: 'BTCUSDT', positionKey: 'BTCUSDT', side: 'short', quantity: '0.5', price: '29000', bankruptcyPrice: '29400', haircut: '200', shortfallId: 'sf:1', bankruptAccount: 'alice', bankruptPositionKey: 'BTCUSDT', rank, queue: 2 });
    const bob = h.run(close('bob', 1, 'adl-0'));
    assert.deepEqual(ofType(bob, 'autoDeleveraged').map((e) => [e['account'], e['size'], e['price'], e['haircut'], e['remainingSize']]), [['bob', '0.5', '29400', '200', '0']]);
    assert.equal(pending(h, 'transfers'), 200n * E8, 'the haircut is on its way');
    assert.equal(h.run(close('bob', 1, 'adl-0'))[0]?.type, 'duplicate', 'each close applies once');
    h.run(close('carol', 2, 'adl-1'));
    const settle = (amount: string, id: string) => ({ type: 'shortfallSettle', id, shortfallId: 'sf:1', asset: 'USDT', amount, from: 1, to: 0 });
    assert.equal(h.run(settle('200', 's-0'))[0]?.['pending'], '200');
    assert.equal(h.one(settle('200.00000001', 's-x'))['code'], 'shortfall_overpaid');
    assert.equal(h.run(settle('200', 's-1'))[0]?.['pending'], '0');
    assert.equal(pending(h, 'deficit-pending'), 0n);
    assert.equal(pending(h, 'transfers'), 0n);
    assert.deepEqual(comparable(h), comparable(local));
  });

  it('refuses a close of a position that changed, unapplied', () => {
    const h = scenario(true);
    h.run({ type: 'price', symbol: 'BTCUSDT', markPrice: '29000', time: at(3) });
    const base = { type: 'adlClose', account: 'bob', symbol: 'BTCUSDT', positionKey: 'BTCUSDT', side: 'short', quantity: '0.5', price: '29000', haircut: '200', shortfallId: 'sf:1', bankruptAccount: 'alice', bankruptPositionKey: 'BTCUSDT', rank: 1, queue: 2 };
    assert.equal(h.one({ ...base, quantity: '0.6' })['code'], 'adl_position_changed');
    assert.equal(h.one({ ...base, side: 'long' })['code'], 'adl_position_changed');
    assert.equal(h.one({ ...base, account: 'nobody' })['code'], 'account_not_found');
    assert.equal(h.one({ ...base, haircut: '0.000000001' })['code'], 'amount_precision_exceeded');
    assert.equal(h.one({ type: 'liquidationMode', shortfall: 'local' })['type'], 'liquidationModeSet');
    assert.equal(h.state.shortfall, undefined);
  });

  it('socialize profiles: lossShare per holder + shortfallSettle (rounding to socialized-rounding) end where the local socialised loss ends', () => {
    const run = (hold: boolean): { h: Harness; events: EngineEvent[] } => {
      const h = market({ profile: 'drift-v2' }, ['alice', 'bob', 'carol'], '1000');
      if (hold) h.run({ type: 'liquidationMode', shortfall: 'hold' });
      h.run({ type: 'insuranceDeposit', asset: 'USDT', amount: '5' });
      h.run({ type: 'setMarginMode', account: 'alice', symbol: 'BTCUSDT', mode: 'isolated' });
      h.run(fill('alice', 'buy', '1', '30000'));
      h.run(fill('bob', 'sell', '0.3', '30000'));
      h.run(fill('carol', 'sell', '0.7', '30000'));
      return { h, events: h.run({ type: 'price', symbol: 'BTCUSDT', markPrice: '29400', time: at(2) }) };
    };
    const local = run(false);
    const shared = ofType(local.events, 'lossShared');
    const [socialized] = ofType(local.events, 'lossSocialized');
    assert.equal(shared.length, 2, 'bob and carol share the loss locally');
    const { h, events } = run(true);
    const [held] = ofType(events, 'shortfall');
    assert.equal(held?.['rule'], 'socialize');
    assert.equal(held?.['amount'], socialized?.['deficit'], 'the same loss is held');
    assert.equal(ofType(events, 'lossShared').length, 0);
    // The coordinator's shares (the same pro-rata split), each settled; the rounding to its account.
    shared.forEach((share, i) => {
      const size = String(share['size']).replace('-', '');
      const applied = h.run({ type: 'lossShare', id: `share-${i}`, account: share['account'], symbol: 'BTCUSDT', positionKey: share['positionKey'], size, amount: share['amount'], shortfallId: 'sf:1' });
      assert.equal(applied[0]?.type, 'lossShared');
    });
    const rounding = String(socialized?.['rounding']);
    h.run({ type: 'shortfallSettle', id: 'settle', shortfallId: 'sf:1', asset: 'USDT', amount: String(held?.['amount']), from: 0, to: 0 });
    if (/[1-9]/.test(rounding)) h.run({ type: 'shortfallSettle', id: 'rounding', shortfallId: 'sf:1', asset: 'USDT', amount: rounding, from: 0, to: 0, into: 'socialized-rounding' });
    assert.equal(pending(h, 'deficit-pending'), 0n);
    assert.equal(pending(h, 'transfers'), 0n);
    assert.deepEqual(comparable(h), comparable(local.h));
    assert.equal(h.one({ type: 'lossShare', account: 'alice', symbol: 'BTCUSDT', positionKey: 'BTCUSDT', size: '1', amount: '1', shortfallId: 'sf:1' })['code'], 'adl_position_changed');
  });
});
