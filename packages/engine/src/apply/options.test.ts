import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DERIBIT_BTC_PERPETUAL, DERIBIT_BTC_USDC_PERPETUAL, at } from '@margin/testkit';
import { black76Price, InputError, MS_PER_YEAR } from '@margin/core';
import { Harness } from '../testing/harness.js';
import { optionRequirement } from '../risk/option-requirement.js';
import { restoreState } from '../snapshot/restore.js';
import { snapshotState, stateHash } from '../snapshot/snapshot.js';
import { optionPositionsOf } from '../state/option-book.js';
import { riskJsonSchema, parseCommand } from '@margin/wire';
import { accountRiskJson } from '../report/account-risk.js';
import { preview } from '../preview/preview.js';

const EXPIRY = '2026-03-27T08:00:00.000Z';
const CALL = { symbol: 'BTC-27MAR26-50000-C', kind: 'inverse-option', right: 'call', underlying: 'BTC-PERPETUAL', settle: 'BTC', contractSize: '1', strike: '50000', expiry: EXPIRY, tickSize: '0.0001', lotSize: '0.1' };
const PUT = { ...CALL, symbol: 'BTC-27MAR26-50000-P', right: 'put' };
const LINEAR_FUTURE = DERIBIT_BTC_USDC_PERPETUAL;
const LINEAR_CALL = { symbol: 'BTC_USDC-27MAR26-50000-C', kind: 'linear-option', right: 'call', underlying: 'BTC_USDC-PERPETUAL', base: 'BTC', settle: 'USDC', contractSize: '0.01', strike: '50000', expiry: EXPIRY, tickSize: '5' };

function deribit(accounts: Record<string, string> = { alice: '10', bob: '10' }): Harness {
  const h = new Harness({ profile: 'deribit' });
  h.run({ type: 'instrument', instrument: DERIBIT_BTC_PERPETUAL });
  h.run({ type: 'price', symbol: 'BTC-PERPETUAL', markPrice: '50000', indexPrice: '50000', time: at(0) });
  for (const [account, amount] of Object.entries(accounts)) h.run({ type: 'deposit', account, asset: 'BTC', amount });
  for (const option of [CALL, PUT]) assert.equal(h.one({ type: 'instrument', instrument: option }).type, 'instrumentDefined');
  h.run({ type: 'price', symbol: CALL.symbol, markPrice: '0.05', time: at(1) });
  h.run({ type: 'price', symbol: PUT.symbol, markPrice: '0.04', time: at(1) });
  return h;
}

const optionFill = (account: string, side: 'buy' | 'sell', size: string, price: string, symbol = CALL.symbol, extra: Record<string, unknown> = {}) => ({ type: 'fill', account, symbol, side, size, price, time: at(2), ...extra });

describe('options in the engine', () => {
  it('moves the premium exactly: buyer pays, seller receives, fee min(0.03% per coin, 12.5% of premium)', () => {
    const h = deribit();
    const bought = h.one(optionFill('alice', 'buy', '2', '0.05'));
    assert.equal(bought.type, 'filled');
    // 2 coins x 0.05 = 0.1 BTC premium; fee min(0.0003, 0.125 x 0.05) x 2 = 0.0006.
    assert.equal(bought['fee'], '0.0006');
    assert.equal(h.wallet('alice', 'BTC'), 10_00000000n - 10000000n - 60000n);
    h.run(optionFill('bob', 'sell', '2', '0.05'));
    assert.equal(h.wallet('bob', 'BTC'), 10_00000000n + 10000000n - 60000n);
    // A cheap option: the cap binds. 1 coin at 0.0010: min(0.0003, 0.000125) = 0.000125 -> 0.00012500.
    const cheap = h.one(optionFill('alice', 'buy', '1', '0.001', PUT.symbol));
    assert.equal(cheap['fee'], '0.000125');
    // A fee named above the cap is refused.
    assert.equal(h.one(optionFill('alice', 'buy', '1', '0.001', PUT.symbol, { fee: '0.0002' }))['code'], 'option_fee_above_cap');
    const clearing = h.state.assets.get('BTC')?.system.get('clearing') ?? 0n;
    assert.equal(clearing, 10000000n - 10000000n + 100000n); // alice paid both premiums, bob received one
  });

  it('a long option needs its premium and nothing more', () => {
    const h = deribit({ alice: '0.0503' });
    assert.equal(h.one(optionFill('alice', 'buy', '1', '0.0501'))['code'], 'initial_margin_insufficient');
    const ok = h.one(optionFill('alice', 'buy', '1', '0.05'));
    assert.equal(ok.type, 'filled');
    assert.equal(h.wallet('alice', 'BTC'), 0n);
    const figures = optionRequirement(h.state, 'alice', 'BTC');
    assert.equal(figures.initialMargin, 0n);
    assert.equal(figures.maintenanceMargin, 0n);
    assert.equal(figures.equity, 5n * 10n ** 16n);
  });

  it('a short needs the venue margin; short and long of one series net to nothing', () => {
    const h = deribit();
    h.run(optionFill('bob', 'sell', '1', '0.05'));
    const short = optionRequirement(h.state, 'bob', 'BTC');
    // Deribit inverse call: IM = max(0.15 - OTM/U, 0.1) + mark = 0.15 + 0.05; MM = 0.075 + 0.05.
    assert.equal(short.initialMargin, 2n * 10n ** 17n);
    assert.equal(short.maintenanceMargin, 125n * 10n ** 15n);
    h.run(optionFill('bob', 'buy', '1', '0.05'));
    assert.deepEqual(optionPositionsOf(h.state, 'bob', 'BTC'), []);
    assert.equal(optionRequirement(h.state, 'bob', 'BTC').initialMargin, 0n);
    // Withdrawals see the short option's requirement.
    h.run(optionFill('bob', 'sell', '10', '0.05'));
    assert.equal(h.one({ type: 'withdraw', account: 'bob', asset: 'BTC', amount: '9' })['code'], 'available_balance_insufficient');
  });

  it('marks from IV: Black-76 on the underlying mark, divided by it for inverse, on the tick', () => {
    const h = deribit();
    const events = h.run({ type: 'price', symbol: CALL.symbol, markIv: '0.6', time: at(10) });
    const timeYears = (Date.parse(EXPIRY) - Date.parse(at(10))) / MS_PER_YEAR;
    const expected = Math.round(black76Price(true, 50000, 50000, timeYears, 0.6) / 50000 / 0.0001) * 0.0001;
    assert.equal(events[0]?.['markPrice'], expected.toFixed(4).replace(/0+$/, ''));
    // The underlying moves: the IV-marked option is re-marked at that time.
    const moved = h.run({ type: 'price', symbol: 'BTC-PERPETUAL', markPrice: '55000', time: at(20) });
    const remark = moved.find((event) => event.type === 'priceUpdated' && event['symbol'] === CALL.symbol);
    const t2 = (Date.parse(EXPIRY) - Date.parse(at(20))) / MS_PER_YEAR;
    assert.equal(Number(remark?.['markPrice']), Number((Math.round(black76Price(true, 55000, 50000, t2, 0.6) / 55000 / 0.0001) * 0.0001).toFixed(4)));
  });

  it('settles at expiry in cash: ITM pays intrinsic (inverse in coin), OTM nothing', () => {
    const h = deribit();
    h.run(optionFill('alice', 'buy', '1', '0.05'));
    h.run(optionFill('bob', 'sell', '1', '0.05'));
    h.run(optionFill('alice', 'buy', '1', '0.04', PUT.symbol));
    const before = { alice: h.wallet('alice', 'BTC'), bob: h.wallet('bob', 'BTC') };
    assert.equal(h.one({ type: 'settleExpiry', symbol: CALL.symbol, price: '60000', time: '2026-03-27T07:00:00Z' })['code'], 'expiry_not_reached');
    const events = h.run({ type: 'settleExpiry', symbol: CALL.symbol, price: '60000', time: EXPIRY });
    // (60000 - 50000) / 60000 = 0.1666...: the long receives 0.16666666, the short pays 0.16666667.
    const settled = events.filter((event) => event.type === 'positionSettled').map((event) => [event['account'], event['realizedPnl']]);
    assert.deepEqual(settled, [['alice', '0.16666666'], ['bob', '-0.16666667']]);
    assert.equal(h.wallet('alice', 'BTC') - before.alice, 16666666n);
    assert.equal(h.wallet('bob', 'BTC') - before.bob, -16666667n);
    const put = h.run({ type: 'settleExpiry', symbol: PUT.symbol, price: '60000', time: EXPIRY });
    assert.equal(put.find((event) => event.type === 'positionSettled')?.['realizedPnl'], '0');
    assert.equal(h.one(optionFill('alice', 'buy', '1', '0.05'))['code'], 'instrument_expired');
  });

  it('settles linear options in the quote asset', () => {
    const h = new Harness({ profile: 'deribit' });
    h.run({ type: 'instrument', instrument: LINEAR_FUTURE });
    h.run({ type: 'price', symbol: LINEAR_FUTURE.symbol, markPrice: '50000', time: at(0) });
    h.run({ type: 'deposit', account: 'alice', asset: 'USDC', amount: '10000' });
    h.run({ type: 'instrument', instrument: LINEAR_CALL });
    h.run({ type: 'price', symbol: LINEAR_CALL.symbol, markPrice: '2500', time: at(1) });
    const filled = h.one(optionFill('alice', 'buy', '100', '2500', LINEAR_CALL.symbol));
    // 100 x 0.01 = 1 coin x 2500 = 2500 USDC; fee min(0.0003 x 50000, 0.125 x 2500) = 15.
    assert.equal(filled['fee'], '15');
    assert.equal(h.wallet('alice', 'USDC'), (10000n - 2500n - 15n) * 10n ** 8n);
    const events = h.run({ type: 'settleExpiry', symbol: LINEAR_CALL.symbol, price: '53000', time: EXPIRY });
    assert.equal(events.find((event) => event.type === 'positionSettled')?.['realizedPnl'], '3000');
  });

  it('bad input: one clear error each, nothing applied', () => {
    const h = deribit();
    const snapshot = snapshotState(h.state);
    assert.throws(() => h.run({ type: 'instrument', instrument: { ...CALL, symbol: 'X', strike: '0' } }), (error: unknown) => error instanceof InputError && /strike/.test(error.message) && /greater than 0/.test(error.message));
    const unknown = h.one({ type: 'instrument', instrument: { ...CALL, symbol: 'X', underlying: 'ETH-PERPETUAL' } });
    assert.equal(unknown['code'], 'instrument_invalid');
    assert.match(String(unknown['reason']), /instrument\.underlying: unknown underlying "ETH-PERPETUAL"/);
    const expired = h.one({ type: 'instrument', instrument: { ...CALL, symbol: 'X', expiry: '2025-12-31T00:00:00Z' } });
    assert.equal(expired['code'], 'instrument_expired');
    assert.equal(h.one(optionFill('alice', 'buy', '1', '0.05', CALL.symbol, { time: EXPIRY }))['code'], 'instrument_expired');
    assert.equal(h.one(optionFill('alice', 'buy', '1', '0.00005'))['code'], 'price_not_multiple_of_tick');
    assert.equal(h.one(optionFill('alice', 'buy', '0.05', '0.05'))['code'], 'size_not_multiple_of_lot');
    assert.equal(h.one({ type: 'price', symbol: 'NOPE', markIv: '0.5', time: at(3) })['code'], 'instrument_not_found');
    assert.throws(() => h.run({ type: 'price', symbol: CALL.symbol, markIv: '0', time: at(3) }), /markIv: must be greater than 0/);
    // Ids of rejected commands are remembered; nothing else changed.
    const after = JSON.parse(snapshotState(h.state)) as Record<string, unknown>;
    const before = JSON.parse(snapshot) as Record<string, unknown>;
    delete after['appliedIds'];
    delete before['appliedIds'];
    delete after['lastSeq'];
    delete before['lastSeq'];
    assert.deepEqual(after, before);
  });

  it('snapshots the option book: restore gives the same hash and state', () => {
    const h = deribit();
    h.run(optionFill('alice', 'buy', '1', '0.05'));
    h.run(optionFill('bob', 'sell', '2', '0.04', PUT.symbol));
    h.run({ type: 'price', symbol: CALL.symbol, markIv: '0.55', time: at(30) });
    const restored = restoreState(snapshotState(h.state));
    assert.equal(stateHash(restored), stateHash(h.state));
    assert.deepEqual(optionRequirement(restored, 'bob', 'BTC'), optionRequirement(h.state, 'bob', 'BTC'));
  });
});

describe('options in margin calls and liquidation', () => {
  it('a short option pool below maintenance gets margin calls, then its short options are bought back at the mark, in lots, until maintenance is met (Deribit: incremental)', () => {
    const h = deribit({ alice: '10', bob: '0.3' });
    // bob: 1 short call, IM 0.2 + mark; equity 0.3 + 0.05 - fee - 0.05 value.
    assert.equal(h.one(optionFill('bob', 'sell', '1', '0.05')).type, 'filled');
    const warned = h.run({ type: 'price', symbol: CALL.symbol, markPrice: '0.12', time: at(10) });
    assert.ok(warned.some((event) => event.type === 'marginCall' && event['account'] === 'bob'), JSON.stringify(warned));
    const events = h.run({ type: 'price', symbol: CALL.symbol, markPrice: '0.2', time: at(20) });
    const fill = events.find((event) => event.type === 'liquidationFill');
    assert.equal(fill?.['symbol'], CALL.symbol);
    assert.equal(fill?.['price'], '0.2');
    // Equity 0.3 + 0.05 - 0.0003 fee - 0.2 value = 0.1497 stays (bought at the mark); MM per coin
    // 0.075 + 0.2 = 0.275, so (1 - q) x 0.275 <= 0.1497 needs q >= 0.4557: 5 lots of 0.1.
    assert.equal(fill?.['size'], '0.5');
    assert.equal(fill?.['remainingSize'], '0.5');
    assert.deepEqual(optionPositionsOf(h.state, 'bob', 'BTC').map((p) => [p.symbol, p.size]), [[CALL.symbol, -5n * 10n ** 17n]]);
    // 0.3 + 0.05 - 0.0003 fee - 0.1 buy-back.
    assert.equal(h.wallet('bob', 'BTC'), 24_970000n);
    assert.equal(events.find((event) => event.type === 'liquidationStarted')?.['rule'], 'restore');
    assert.equal(events.find((event) => event.type === 'liquidationEnded')?.['outcome'], 'restored');
    const equity = 1497n * 10n ** 14n;
    assert.ok(optionRequirement(h.state, 'bob', 'BTC').maintenanceMargin <= equity, 'the pool is back at or above maintenance');
    // The fewest lots: one lot less bought back (0.6 left) would still be below maintenance.
    const oneLotMore = optionRequirement(h.state, 'bob', 'BTC', [{ symbol: CALL.symbol, size: -6n * 10n ** 17n, entryPrice: 5n * 10n ** 16n }]);
    assert.ok(oneLotMore.maintenanceMargin > equity);
  });

  it('a long option is never liquidated: it needs nothing once paid', () => {
    const h = deribit({ alice: '0.0503' });
    h.run(optionFill('alice', 'buy', '1', '0.05'));
    const events = h.run({ type: 'price', symbol: CALL.symbol, markPrice: '0.0001', time: at(10) });
    assert.ok(!events.some((event) => event.type.startsWith('liquidation')));
    assert.equal(optionPositionsOf(h.state, 'alice', 'BTC').length, 1);
  });
});

describe('options in reports and previews', () => {
  it('the account risk JSON carries the option positions with Greeks and margin, and the totals', () => {
    const h = deribit();
    h.run(optionFill('bob', 'sell', '2', '0.05'));
    h.run(optionFill('bob', 'buy', '1', '0.04', PUT.symbol));
    const json = accountRiskJson(h.state, 'bob', 'BTC') as unknown as Record<string, unknown> & { options: Record<string, unknown>[]; greeks: Record<string, string>[]; account: Record<string, unknown> };
    assert.deepEqual(riskJsonSchema.parse(json), json);
    const figures = optionRequirement(h.state, 'bob', 'BTC');
    assert.deepEqual(json.options.map((option) => [option['symbol'], option['side'], option['initialMargin']]), [
      [CALL.symbol, 'short', '0.4'],
      [PUT.symbol, 'long', '0'],
    ]);
    assert.equal(json.account['initialMargin'], String(Number(figures.initialMargin) / 1e18));
    // Greeks totals: the sum of the positions' figures (one base coin).
    assert.equal(json.greeks.length, 1);
    const sum = json.options.reduce((total, option) => total + Number((option['greeks'] as Record<string, string>)['deltaCoin']), 0);
    assert.ok(Math.abs(Number(json.greeks[0]?.['deltaCoin']) - sum) < 1e-9);
    // A short call has negative delta, a long put negative too.
    assert.ok(Number(json.greeks[0]?.['deltaCoin']) < 0);
  });

  it('previews an option fill without changing the state', () => {
    const h = deribit();
    const hash = stateHash(h.state);
    const result = preview(h.state, parseCommand({ ...optionFill('bob', 'sell', '1', '0.05'), id: 'p1' }), { accounts: ['bob'] });
    assert.equal(result.verdict.accepted, true);
    const after = result.accounts.find((entry) => entry.account === 'bob')?.after as unknown as { options: unknown[] };
    assert.equal(after.options.length, 1);
    assert.equal(stateHash(h.state), hash);
    assert.deepEqual(optionPositionsOf(h.state, 'bob', 'BTC'), []);
    const refused = preview(h.state, parseCommand({ ...optionFill('bob', 'sell', '100', '0.05'), id: 'p2' }));
    assert.equal(refused.verdict.code, 'initial_margin_insufficient');
  });
});
