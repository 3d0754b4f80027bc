/**
 * Issue 14 defect 5: a fill's negative fee (a rebate) is paid from `fees`; unbounded, one fill
 * with fee "-1000000" moved a million USDT out of `fees` into a wallet to withdraw. Rebates are
 * bounded by the venue record's `rebateRateMax` x the fill's notional (0 unless the record says
 * otherwise), and the auditor refuses a system account below zero where the design does not allow it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { InvariantError } from '@margin/core';
import { RiskInvariants } from '../audit/risk-invariants.js';
import { fill, market } from '../testing/harness.js';
import type { EngineState } from '../state/types.js';

const E8 = 10n ** 8n;

/** The state's venue record with a rebate allowance (no shipped record has one). */
function allowRebates(state: EngineState, rate: string): void {
  const rebateRateMax = BigInt(Math.round(Number(rate) * 1e6)) * 10n ** 12n;
  (state as { profile: EngineState['profile'] }).profile = { ...state.profile, rebateRateMax };
}

describe('fee rebates', () => {
  it('refuses a negative fee under a venue record without a rebate allowance, changing nothing', () => {
    const h = market();
    const rejected = h.one(fill('alice', 'buy', '0.1', '30000', { fee: '-1000000' }));
    assert.equal(rejected.type, 'rejected');
    assert.equal(rejected['code'], 'fee_rebate_exceeds_allowance');
    assert.match(String(rejected['reason']), /rebate 1000000 USDT exceeds 0 USDT/);
    assert.equal(h.wallet('alice'), 10000n * E8);
    assert.equal(h.state.assets.get('USDT')?.system.get('fees') ?? 0n, 0n);
    assert.equal(h.state.accounts.get('alice')?.positions.size, 0);
  });

  it('pays a rebate up to rebateRateMax x notional, and refuses one unit more', () => {
    const h = market();
    h.run(fill('alice', 'buy', '1', '30000', { fee: '15' }));
    allowRebates(h.state, '0.0001');
    // 0.1 BTC at 30,000 = 3,000 USDT notional; 0.01% of it = 0.3 USDT.
    assert.equal(h.one(fill('alice', 'sell', '0.1', '30000', { fee: '-0.30000001' }))['code'], 'fee_rebate_exceeds_allowance');
    const paid = h.one(fill('alice', 'sell', '0.1', '30000', { fee: '-0.3' }));
    assert.equal(paid.type, 'filled');
    assert.deepEqual(paid['entries'], [{ asset: 'USDT', from: 'fees', to: 'user:alice:wallet', amount: '0.3' }]);
    assert.equal(h.state.assets.get('USDT')?.system.get('fees'), 147n * 10n ** 7n);
  });

  it('the auditor refuses fees below zero unless the venue record allows rebates', () => {
    const h = market();
    const invariants = new RiskInvariants();
    invariants.check(h.state);
    const ledger = h.state.assets.get('USDT');
    assert.ok(ledger !== undefined);
    // What an unbounded rebate did: fees -> wallet beyond the fees collected.
    ledger.system.set('fees', -5n);
    ledger.system.set('clearing', (ledger.system.get('clearing') ?? 0n) + 5n);
    assert.throws(() => invariants.check(h.state), (error: unknown) => error instanceof InvariantError && /fees of USDT is -0.00000005/.test(error.message));
    allowRebates(h.state, '0.0001');
    invariants.check(h.state);
    ledger.system.set('insurance', -1n);
    ledger.system.set('clearing', (ledger.system.get('clearing') ?? 0n) + 1n);
    assert.throws(() => invariants.check(h.state), /insurance of USDT is -0.00000001/);
  });

  it('the auditor lets world and clearing go negative (the outside and the market)', () => {
    const h = market();
    // Alice wins 1,000 USDT against the market: clearing pays it and goes negative.
    h.run(fill('alice', 'buy', '1', '30000'));
    h.run(fill('alice', 'sell', '1', '31000'));
    assert.ok((h.state.assets.get('USDT')?.system.get('clearing') ?? 0n) < 0n);
    assert.ok((h.state.assets.get('USDT')?.system.get('world') ?? 0n) < 0n);
    new RiskInvariants().check(h.state);
  });
});
