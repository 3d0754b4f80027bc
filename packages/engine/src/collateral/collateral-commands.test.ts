/**
 * `convertCollateral` and `chargeInterest`: exact amounts, every refusal with its code, preview
 * equal to apply with the state unchanged, and a seeded simulation over several collateral assets
 * (deposits, withdrawals, conversions and loans, interest, trades, prices) that keeps each asset's ledger
 * summing to zero after every command (the harness asserts it).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { at } from '@margin/testkit';
import { applyCommand, type EngineEvent } from '../apply/apply-command.js';
import { parseCommand } from '../commands/parse-command.js';
import { preview } from '../preview/preview.js';
import { snapshotState, stateHash } from '../snapshot/snapshot.js';
import { fill, market, type Harness } from '../testing/harness.js';
import { seeded } from '../testing/seeded.js';

function collateralMarket(): Harness {
  const h = market({}, ['alice', 'bob'], '10000');
  h.run({ type: 'asset', asset: 'BTC', decimals: 8 });
  h.run({ type: 'asset', asset: 'ETH', decimals: 8 });
  h.run({ type: 'deposit', account: 'alice', asset: 'BTC', amount: '2' });
  h.run({ type: 'deposit', account: 'alice', asset: 'ETH', amount: '10' });
  return h;
}

const convert = (account: string, fromAsset: string, toAsset: string, quantity: string, fromIndex: string, toIndex: string, discount = '0') => ({
  type: 'convertCollateral',
  account,
  fromAsset,
  toAsset,
  quantity,
  fromIndex,
  toIndex,
  discount,
  time: at(5),
});

const rejection = (events: EngineEvent[]) => (events.length === 1 && events[0]?.type === 'rejected' ? events[0]['code'] : null);

describe('convertCollateral', () => {
  it('0.5 BTC at 30,000 into USDT at 1 less 2.5% credits 14,625 USDT; both legs go through clearing', () => {
    const h = collateralMarket();
    const [event] = h.run(convert('alice', 'BTC', 'USDT', '0.5', '30000', '1', '0.025'));
    assert.equal(event?.type, 'collateralConverted');
    assert.equal(event?.['fromAmount'], '0.5');
    assert.equal(event?.['toAmount'], '14625');
    assert.equal(event?.['price'], '29250');
    assert.deepEqual(event?.['entries'], [
      { asset: 'BTC', from: 'user:alice:wallet', to: 'clearing', amount: '0.5' },
      { asset: 'USDT', from: 'clearing', to: 'user:alice:wallet', amount: '14625' },
    ]);
    assert.equal(h.wallet('alice', 'BTC'), 150_000_000n);
  });

  it('the received amount is rounded down to the target asset\'s units', () => {
    const h = collateralMarket();
    const [event] = h.run(convert('alice', 'ETH', 'BTC', '1', '2000', '30000'));
    // 2,000 / 30,000 = 0.0666... BTC, floored to 8 decimals.
    assert.equal(event?.['toAmount'], '0.06666666');
  });

  it('refusals: unknown account, same asset, discount of 1, too many decimals, more than is free', () => {
    const h = collateralMarket();
    assert.equal(rejection(h.run(convert('nobody', 'BTC', 'USDT', '1', '30000', '1'))), 'account_not_found');
    assert.equal(rejection(h.run(convert('alice', 'BTC', 'BTC', '1', '30000', '30000'))), 'conversion_same_asset');
    assert.equal(rejection(h.run(convert('alice', 'BTC', 'USDT', '1', '30000', '1', '1'))), 'conversion_discount_invalid');
    assert.equal(rejection(h.run(convert('alice', 'BTC', 'USDT', '0.000000001', '30000', '1'))), 'amount_precision_exceeded');
    assert.equal(rejection(h.run(convert('alice', 'BTC', 'USDT', '2.1', '30000', '1'))), 'available_balance_insufficient');
    // USDT backing a position: only the free part converts.
    h.run(fill('bob', 'buy', '3', '30000'));
    assert.equal(rejection(h.run(convert('bob', 'USDT', 'BTC', '9999', '1', '30000'))), 'available_balance_insufficient');
  });

  it('preview gives the events apply gives and leaves the state hash and snapshot unchanged', () => {
    const h = collateralMarket();
    const commands = [
      parseCommand({ id: 'pv1', ...convert('alice', 'BTC', 'USDT', '1', '30000', '1', '0.01') }),
      parseCommand({ id: 'pv2', type: 'chargeInterest', account: 'alice', asset: 'USDT', annualRate: '0.1', from: at(0), to: at(86400) }),
    ];
    const hash = stateHash(h.state);
    const snapshot = snapshotState(h.state);
    const seq = h.state.lastSeq + 1;
    const result = preview(h.state, commands, { seq });
    assert.equal(stateHash(h.state), hash);
    assert.equal(snapshotState(h.state), snapshot);
    const applied = commands.flatMap((command, i) => applyCommand(h.state, command, { seq: seq + i }).events);
    assert.deepEqual(result.events, applied);
  });
});

describe('chargeInterest', () => {
  it('no loan, no interest: the event says principal 0 and moves nothing', () => {
    const h = collateralMarket();
    const [event] = h.run({ type: 'chargeInterest', account: 'alice', asset: 'USDT', annualRate: '0.1', from: at(0), to: at(86400) });
    assert.equal(event?.type, 'interestCharged');
    assert.equal(event?.['principal'], '0');
    assert.equal(event?.['amount'], '0');
    assert.deepEqual(event?.['entries'], []);
  });

  it('refusals: unknown account, a period that ends before it starts', () => {
    const h = collateralMarket();
    assert.equal(rejection(h.run({ type: 'chargeInterest', account: 'nobody', asset: 'USDT', annualRate: '0.1', from: at(0), to: at(1) })), 'account_not_found');
    assert.equal(rejection(h.run({ type: 'chargeInterest', account: 'alice', asset: 'USDT', annualRate: '0.1', from: at(10), to: at(1) })), 'interest_period_invalid');
  });
});

describe('seeded simulation with several collateral assets', () => {
  for (const seed of [1, 7, 42]) {
    it(`seed ${seed}: 400 commands, each asset's ledger sums to zero after every one`, () => {
      const random = seeded(seed);
      const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
      const h = collateralMarket();
      // Collateral rules that lend every asset, priced: conversions beyond a wallet become loans.
      h.run({ type: 'collateralAsset', asset: 'USDT', haircut: { tiers: [{ ratio: '1' }] }, borrowable: true, borrowInitialRate: '0.1', borrowMaintenanceRate: '0.05' });
      h.run({ type: 'collateralAsset', asset: 'BTC', haircut: { tiers: [{ upTo: '1', ratio: '0.95' }, { ratio: '0.8' }] }, borrowable: true, borrowInitialRate: '0.1', borrowMaintenanceRate: '0.05' });
      h.run({ type: 'collateralAsset', asset: 'ETH', haircut: { unit: 'reference', tiers: [{ upTo: '10000', ratio: '0.9' }, { ratio: '0.7' }] }, borrowable: true, borrowInitialRate: '0.1', borrowMaintenanceRate: '0.05' });
      h.run({ type: 'collateralPrices', time: at(10), prices: [{ asset: 'USDT', indexPrice: '1' }, { asset: 'BTC', indexPrice: '30000' }, { asset: 'ETH', indexPrice: '2000' }] });
      const accounts = ['alice', 'bob', 'carol'];
      const assets = ['USDT', 'BTC', 'ETH'];
      const index: Record<string, number> = { USDT: 1, BTC: 30000, ETH: 2000 };
      let mark = 30000;
      let seconds = 10;
      const counts = new Map<string, number>();
      for (let step = 0; step < 400; step++) {
        seconds += 60;
        const account = pick(accounts);
        const roll = random();
        let command: Record<string, unknown>;
        if (roll < 0.15) command = { type: 'deposit', account, asset: pick(assets), amount: (1 + Math.floor(random() * 5000)).toString() };
        else if (roll < 0.45) {
          const [from, to] = [pick(assets), pick(assets)];
          const quantity = (random() * (from === 'USDT' ? 6000 : 3)).toFixed(from === 'USDT' ? 2 : 6);
          command = convert(account, from, to, quantity === '0.00' || Number(quantity) === 0 ? '0.01' : quantity, index[from]!.toString(), index[to]!.toString(), pick(['0', '0.01', '0.025']));
        } else if (roll < 0.55) command = { type: 'chargeInterest', account, asset: pick(assets), annualRate: '0.12', from: at(seconds - 60), to: at(seconds) };
        else if (roll < 0.65) command = { type: 'withdraw', account, asset: pick(assets), amount: (1 + Math.floor(random() * 100)).toString() };
        else if (roll < 0.8) command = fill(account, pick(['buy', 'sell'] as const), (0.001 * (1 + Math.floor(random() * 100))).toFixed(3), mark.toFixed(1), { time: at(seconds) });
        else {
          mark = Math.max(1000, Math.round(mark * (1 + (random() - 0.5) * 0.04)));
          index['BTC'] = mark;
          index['ETH'] = Math.max(100, Math.round(index['ETH']! * (1 + (random() - 0.5) * 0.04)));
          command = { type: 'prices', time: at(seconds), prices: [{ symbol: 'BTCUSDT', markPrice: mark.toString() }, { symbol: 'ETHUSDT', markPrice: index['ETH']!.toString() }] };
          h.run({ type: 'collateralPrices', time: at(seconds), prices: [{ asset: 'BTC', indexPrice: mark.toString() }, { asset: 'ETH', indexPrice: index['ETH']!.toString() }] });
        }
        const events = h.run(command); // asserts conservation per asset
        const key = `${String(command['type'])}:${events[0]?.type ?? 'none'}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
        for (const a of accounts) for (const asset of assets) if (h.wallet(a, asset) < 0n) counts.set('loan-seen', (counts.get('loan-seen') ?? 0) + 1);
      }
      assert.ok((counts.get('loan-seen') ?? 0) > 0, `borrowing happened: ${JSON.stringify([...counts])}`);
      // The run exercised conversions and interest, accepted and refused.
      assert.ok((counts.get('convertCollateral:collateralConverted') ?? 0) > 20, JSON.stringify([...counts]));
      assert.ok((counts.get('chargeInterest:interestCharged') ?? 0) > 10, JSON.stringify([...counts]));
    });
  }
});
