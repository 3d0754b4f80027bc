/**
 * Goal: `preview` answers what `applyCommand` then does, and changes nothing.
 * Method: named cases on the test harness's market (accepted fill, insufficient margin, hedge
 * side missing, a deposit that creates an account, a hypothetical price then an order, a price
 * that liquidates): the verdict, events and after-risk are compared with applying the same
 * commands, and the state hash and snapshot are compared before and after the preview.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyCommand } from '../apply/apply-command.js';
import { parseCommand } from '../commands/parse-command.js';
import { accountRiskJson } from '../report/account-risk.js';
import { snapshotState, stateHash } from '../snapshot/snapshot.js';
import { BTCUSDT_FUTURE_T0_PLUS_1D, BTCUSDT_LINEAR_3TIER, at } from '@margin/testkit';
import { fill, market, type Harness } from '../testing/harness.js';
import { preview } from './preview.js';

let nextId = 0;

function previewThenApply(h: Harness, jsons: Record<string, unknown>[]) {
  const commands = jsons.map((json) => parseCommand({ id: `p${++nextId}`, ...json }));
  const snapshot = snapshotState(h.state);
  const hash = stateHash(h.state);
  const seq = h.state.lastSeq + 1;
  const result = preview(h.state, commands, { seq });
  assert.equal(stateHash(h.state), hash, 'state hash unchanged');
  assert.equal(snapshotState(h.state), snapshot, 'snapshot text unchanged');
  assert.ok(commands.every((command) => !h.state.appliedIds.has(command.id)), 'ids not kept');
  const applied = commands.flatMap((command, i) => applyCommand(h.state, command, { seq: seq + i }).events);
  assert.deepEqual(result.events, applied, 'same events as applying');
  for (const report of result.accounts) {
    assert.deepEqual(report.after, accountRiskJson(h.state, report.account, report.asset ?? undefined), `after-risk of ${report.account}`);
  }
  return result;
}

describe('preview', () => {
  it('an accepted fill: verdict, events, before and after risk of the account', () => {
    const h = market();
    const result = previewThenApply(h, [fill('alice', 'buy', '1', '30000', { fee: '12' })]);
    assert.deepEqual(result.verdict, { accepted: true, duplicate: false, code: null, reason: null });
    assert.equal(result.events[0]?.type, 'filled');
    const [alice] = result.accounts;
    assert.equal(alice?.account, 'alice');
    assert.equal(alice?.before?.positions.length, 0);
    assert.equal(alice?.after?.positions[0]?.size, '1');
  });

  it('an order beyond the margin: the engine rejects it with initial_margin_insufficient', () => {
    const h = market({}, ['alice'], '100');
    const result = previewThenApply(h, [fill('alice', 'buy', '1', '30000')]);
    assert.equal(result.verdict.accepted, false);
    assert.equal(result.verdict.code, 'initial_margin_insufficient');
    assert.match(result.verdict.reason ?? '', /equity .* < initial margin/);
    assert.deepEqual(result.accounts[0]?.before, result.accounts[0]?.after);
  });

  it('hedge mode: a fill without positionSide is rejected, with it accepted', () => {
    const h = market();
    h.run({ type: 'setPositionMode', account: 'alice', mode: 'hedge' });
    assert.equal(previewThenApply(h, [fill('alice', 'buy', '0.1', '30000')]).verdict.code, 'position_side_required');
    const result = previewThenApply(h, [fill('alice', 'sell', '0.1', '30000', { positionSide: 'short', time: at(2) })]);
    assert.equal(result.verdict.accepted, true);
    assert.equal(result.accounts[0]?.after?.positions[0]?.side, 'short');
  });

  it('a deposit to a new account: before is null, the account is gone again after the preview', () => {
    const h = market();
    const result = previewThenApply(h, [{ type: 'deposit', account: 'zoe', asset: 'USDT', amount: '5' }]);
    assert.equal(result.accounts[0]?.account, 'zoe');
    assert.equal(result.accounts[0]?.before, null);
    assert.equal(result.accounts[0]?.after?.account.walletBalance, '5');
  });

  it('a hypothetical mark, then an order: one preview of the sequence', () => {
    const h = market(undefined, ['alice', 'bob']);
    h.run(fill('bob', 'buy', '1', '30000'));
    const result = previewThenApply(h, [
      { type: 'price', symbol: 'BTCUSDT', markPrice: '25000', time: at(5) },
      fill('alice', 'sell', '0.5', '25000', { time: at(5) }),
    ]);
    assert.equal(result.steps.length, 2);
    assert.equal(result.verdict.accepted, true);
    assert.equal(result.accounts.find((a) => a.account === 'alice')?.after?.positions[0]?.markPrice, '25000');
  });

  it('a price that liquidates: the liquidation is in the preview and undone', () => {
    const h = market(undefined, ['alice', 'bob'], '2000');
    h.run(fill('alice', 'buy', '1', '30000'));
    h.run(fill('bob', 'sell', '1', '30000'));
    const result = previewThenApply(h, [{ type: 'price', symbol: 'BTCUSDT', markPrice: '28000', time: at(9) }]);
    assert.ok(result.events.some((event) => event.type === 'liquidationStarted'), JSON.stringify(result.events.map((e) => e.type)));
    assert.ok(result.accounts.some((a) => a.account === 'alice'));
  });

  it('a duplicate id is reported as such', () => {
    const h = market();
    h.run({ ...fill('alice', 'buy', '0.1', '30000'), id: 'once' });
    const result = preview(h.state, parseCommand({ ...fill('alice', 'buy', '0.1', '30000'), id: 'once' }));
    assert.equal(result.verdict.duplicate, true);
    assert.equal(result.events[0]?.type, 'duplicate');
    assert.ok(h.state.appliedIds.has('once'), 'a known id stays known');
  });

  it('commands that reach the whole state: a new instrument, a tier change with holders, an expiry', () => {
    // Two identical markets; only the first is previewed. Both then apply the same commands and
    // a later price move: the same events and hashes show the rollback left nothing behind.
    const build = (): Harness => {
      const h = market(undefined, ['alice', 'bob']);
      h.run({ type: 'instrument', instrument: BTCUSDT_FUTURE_T0_PLUS_1D });
      h.run({ type: 'price', symbol: BTCUSDT_FUTURE_T0_PLUS_1D.symbol, markPrice: '30000', time: at(0) });
      h.run(fill('alice', 'buy', '1', '30000', { symbol: BTCUSDT_FUTURE_T0_PLUS_1D.symbol }));
      h.run(fill('bob', 'sell', '2', '30000'));
      h.run({ type: 'placeOrder', account: 'bob', orderId: 'o1', symbol: BTCUSDT_FUTURE_T0_PLUS_1D.symbol, side: 'sell', size: '1', price: '30500' });
      return h;
    };
    const a = build();
    const b = build();
    const steps: Record<string, unknown>[][] = [
      [{ type: 'instrument', instrument: { ...BTCUSDT_LINEAR_3TIER, symbol: 'XRPUSDT', markPrice: '1' } }],
      [{ type: 'instrument', instrument: { ...BTCUSDT_LINEAR_3TIER, tiers: [{ notionalFloor: '0', maintenanceRate: '0.05', maxLeverage: '10' }] } }],
      [{ type: 'settleExpiry', symbol: BTCUSDT_FUTURE_T0_PLUS_1D.symbol, price: '31000', time: at(86400) }],
      [{ type: 'price', symbol: 'BTCUSDT', markPrice: '33000', time: at(86401) }],
    ];
    for (const jsons of steps) {
      const result = previewThenApply(a, jsons);
      assert.equal(result.verdict.accepted, true, JSON.stringify(result.events[0]));
      if (jsons[0]?.['type'] === 'settleExpiry') assert.ok(result.accounts.some((report) => report.account === 'alice'), 'the holder is reported');
      const twin = jsons.map((json, i) => applyCommand(b.state, parseCommand({ id: result.steps[i]?.commandId, ...json }), { seq: b.state.lastSeq + 1 }).events);
      assert.deepEqual(twin, result.steps.map((step) => step.events), 'the never-previewed twin does the same');
      assert.equal(stateHash(a.state), stateHash(b.state));
    }
  });

  it('a sequence that rotates the bounded id window leaves both generations as they were', () => {
    // idWindow 6: the market's 5 setup commands fill the newer generation to one short of full, so
    // the previewed sequence rotates it (the newer becomes the older) inside the preview.
    const h = market({ idWindow: 6 });
    const newer = h.state.appliedIds;
    const older = h.state.previousIds;
    const sizes = [newer.size, older.size];
    previewThenApply(h, [fill('alice', 'buy', '0.1', '30000'), fill('alice', 'buy', '0.1', '30000'), fill('alice', 'sell', '0.2', '30000')]);
    // previewThenApply applied the same commands after the preview; a fresh preview from here must
    // also restore the window's own objects, not only its contents.
    const before = [h.state.appliedIds, h.state.previousIds];
    const hash = stateHash(h.state);
    preview(h.state, [1, 2, 3, 4, 5, 6, 7, 8].map((n) => parseCommand({ id: `w${n}`, ...fill('alice', 'buy', '0.01', '30000') })));
    assert.equal(stateHash(h.state), hash);
    assert.equal(h.state.appliedIds, before[0]);
    assert.equal(h.state.previousIds, before[1]);
    assert.ok(sizes[0] === 5 && sizes[1] === 0, `setup filled ${sizes.join('/')} ids`);
    assert.notEqual(newer, h.state.appliedIds, 'applying rotated the real window');
  });
});
