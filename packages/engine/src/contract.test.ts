/**
 * The engine and the wire contract (@margin/wire) agree: a broad scenario that reaches every
 * event type parses strictly against the closed event union, and produces every type of the
 * union (a contract event the engine can no longer emit, or a new engine event missing from
 * this scenario, fails here). The dispatch of `applyCommand` handles exactly `COMMAND_TYPES`.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { COMMAND_TYPES, EVENT_TYPES, engineEventSchema, riskJsonSchema } from '@margin/wire';
import type { EngineEvent } from './apply/apply-command.js';
import { accountIds, accountRiskJson } from './report/account-risk.js';
import type { EngineState } from './state/types.js';
import { BOOK_TIGHT_30000, BTCUSDT_FUTURE_T0_PLUS_1D, DYDX_BTC_USD_MMR5, at, bookCommand } from '@margin/testkit';
import { SPAN_SPN, SPAN_SYMBOLS, spanMarket } from './testing/span-market.js';
import { Harness, fill, market } from './testing/harness.js';

/** Every event of a set of scenarios that together reach each event type once at least. */
function broadScenario(states: EngineState[] = []): EngineEvent[] {
  const events: EngineEvent[] = [];
  const record = (h: Harness) => (json: Record<string, unknown>): EngineEvent[] => {
    if (!states.includes(h.state)) states.push(h.state);
    const out = h.run(json);
    events.push(...out);
    return out;
  };

  // Money, settings, orders, isolated margin, funding, books, expiry, margin calls, rejections.
  const base = market({}, ['alice', 'bob', 'erin'], '100000');
  const run = record(base);
  run({ type: 'asset', asset: 'ETH', decimals: 8 });
  run({ type: 'deposit', id: 'dep-1', account: 'alice', asset: 'USDT', amount: '10' });
  run({ type: 'deposit', id: 'dep-1', account: 'alice', asset: 'USDT', amount: '10' }); // duplicate
  run({ type: 'withdraw', account: 'alice', asset: 'USDT', amount: '5' });
  run({ type: 'withdraw', account: 'nobody', asset: 'USDT', amount: '5' }); // rejected
  run({ type: 'setPositionMode', account: 'erin', mode: 'hedge' });
  run({ type: 'setPortfolioMargin', account: 'erin', model: 'okx-pm' });
  run({ type: 'setLeverage', account: 'alice', symbol: 'BTCUSDT', leverage: '20' });
  run({ type: 'setMarginMode', account: 'bob', symbol: 'ETHUSDT', mode: 'isolated' });
  run(fill('alice', 'buy', '1', '30000'));
  run(fill('bob', 'sell', '1', '2000', { symbol: 'ETHUSDT' }));
  run({ type: 'addIsolatedMargin', account: 'bob', symbol: 'ETHUSDT', amount: '10' });
  run({ type: 'removeIsolatedMargin', account: 'bob', symbol: 'ETHUSDT', amount: '5' });
  run({ type: 'placeOrder', account: 'alice', orderId: 'o1', symbol: 'BTCUSDT', side: 'buy', size: '0.1', price: '29000' });
  run({ type: 'cancelOrder', account: 'alice', orderId: 'o1' });
  run(bookCommand('BTCUSDT', BOOK_TIGHT_30000, at(1)));
  run({ type: 'fundingRate', symbol: 'BTCUSDT', rate: '0.0001', time: at(10) });
  run(fill('bob', 'sell', '0.5', '30000'));
  run({ type: 'settleFunding', symbol: 'BTCUSDT', time: at(3600) });
  run({ type: 'prices', time: at(3601), prices: [{ symbol: 'BTCUSDT', markPrice: '30100' }, { symbol: 'ETHUSDT', markPrice: '2010', indexPrice: '2011' }] });
  run({ type: 'instrument', instrument: BTCUSDT_FUTURE_T0_PLUS_1D });
  run({ type: 'price', symbol: BTCUSDT_FUTURE_T0_PLUS_1D.symbol, markPrice: '30000', time: at(3602) });
  run(fill('alice', 'buy', '1', '30000', { symbol: BTCUSDT_FUTURE_T0_PLUS_1D.symbol, time: at(3602) }));
  run({ type: 'settleExpiry', symbol: BTCUSDT_FUTURE_T0_PLUS_1D.symbol, price: '31000', time: at(86400) });
  // Insurance money between engine instances (account partitions): in, then out.
  run({ type: 'insuranceTransfer', transfer: 't1', leg: 'in', asset: 'USDT', amount: '3', from: 1, to: 0 });
  run({ type: 'insuranceTransfer', transfer: 't2', leg: 'out', asset: 'USDT', amount: '2', from: 0, to: 1 });
  // Multi-asset accounts: a conversion between collateral assets and borrowing interest (docs/collateral.md).
  run({ type: 'deposit', account: 'erin', asset: 'ETH', amount: '1' });
  run({ type: 'convertCollateral', account: 'erin', fromAsset: 'ETH', toAsset: 'USDT', quantity: '0.5', fromIndex: '2000', toIndex: '1', time: at(86400) });
  run({ type: 'chargeInterest', account: 'erin', asset: 'USDT', annualRate: '0.1', from: at(0), to: at(86400) });
  run({ type: 'collateralAsset', asset: 'ETH', haircut: { tiers: [{ upTo: '10', ratio: '0.9' }, { ratio: '0.5' }] } });
  run({ type: 'collateralPrices', time: at(86400), prices: [{ asset: 'ETH', indexPrice: '2000' }] });
  run({ type: 'creditLine', account: 'erin', limit: '1000' });
  run({ type: 'coverLoans', account: 'erin', time: at(86400) }); // rejected: no loan

  // SPAN accounts (ADR 0035): a parameter set loaded, then replaced under an account on it.
  const spanH = spanMarket(['sam'], '100000');
  const sp = record(spanH);
  sp({ type: 'setPortfolioMargin', account: 'sam', model: 'span', parameterSet: 'tst' });
  sp({ type: 'spanParameters', set: 'tst', format: 'spn', content: SPAN_SPN, symbols: SPAN_SYMBOLS });

  // Multi-asset mode (ADR 0031): the pool over USDT and BTC, a credit line in its margin-call band.
  const multi = market({ profile: 'binance-usdm' }, ['dana'], '1000');
  const m = record(multi);
  m({ type: 'collateralAsset', asset: 'USDT', snapshot: 'binance-multi-assets-2021-06-07' });
  m({ type: 'collateralAsset', asset: 'BTC', snapshot: 'binance-multi-assets-2021-06-07' });
  m({ type: 'collateralPrices', time: at(1), prices: [{ asset: 'USDT', indexPrice: '1' }, { asset: 'BTC', indexPrice: '30000' }] });
  m({ type: 'setCollateralMode', account: 'dana', mode: 'multi-asset' });
  m({ type: 'creditLine', account: 'dana', limit: '1000', used: '500', bands: { initial: '0.3', marginCall: '0.4', liquidation: '0.9' } });

  // Margin call up and down, then a partial liquidation with its fee (generic: restore).
  const calls = market({}, ['alice'], '1000');
  const call = record(calls);
  call(fill('alice', 'buy', '1', '30000'));
  call({ type: 'price', symbol: 'BTCUSDT', markPrice: '29145', time: at(2) });
  call({ type: 'price', symbol: 'BTCUSDT', markPrice: '29300', time: at(3) });
  call({ type: 'price', symbol: 'BTCUSDT', markPrice: '29110', time: at(4) });
  call({ type: 'marginRates', symbol: 'BTCUSDT', time: at(5), scale: '1.5', model: 'ewma', inputs: { sigma: '0.03' } }); // dynamic margin (ADR 0025)

  // dYdX full close of an isolated position: the rest of its margin is released.
  const dydx = new Harness({ profile: 'dydx-v4' });
  const d = record(dydx);
  d({ type: 'instrument', instrument: DYDX_BTC_USD_MMR5 });
  d({ type: 'price', symbol: 'BTC-USD', markPrice: '30000', time: at(0) });
  d({ type: 'deposit', account: 'alice', asset: 'USDC', amount: '5000' });
  d({ type: 'setMarginMode', account: 'alice', symbol: 'BTC-USD', mode: 'isolated' });
  d({ type: 'fill', account: 'alice', symbol: 'BTC-USD', side: 'buy', size: '1', price: '30000', time: at(1) });
  d({ type: 'price', symbol: 'BTC-USD', markPrice: '28400', time: at(2) });

  // Bankruptcy: the fund covers part, the rest is socialised (drift-v2).
  const drift = market({ profile: 'drift-v2' }, ['alice', 'bob', 'carol'], '1000');
  const s = record(drift);
  s({ type: 'insuranceDeposit', asset: 'USDT', amount: '5' });
  s({ type: 'setMarginMode', account: 'alice', symbol: 'BTCUSDT', mode: 'isolated' });
  s(fill('alice', 'buy', '1', '30000'));
  s(fill('bob', 'sell', '0.3', '30000'));
  s(fill('carol', 'sell', '0.7', '30000'));
  s({ type: 'price', symbol: 'BTCUSDT', markPrice: '29500', time: at(2) });

  // Binance ADL of the profitable opposite side.
  const binance = market({ profile: 'binance-usdm' }, ['alice', 'bob'], '1000');
  const b = record(binance);
  b({ type: 'setMarginMode', account: 'alice', symbol: 'BTCUSDT', mode: 'isolated' });
  b({ type: 'setLeverage', account: 'alice', symbol: 'BTCUSDT', leverage: '50' });
  b(fill('alice', 'buy', '1', '30000'));
  b(fill('bob', 'sell', '1', '30000'));
  b({ type: 'price', symbol: 'BTCUSDT', markPrice: '29000', time: at(2) });

  // The shortfall protocol (ADR 0032): held in deficit-pending, closed by command, paid off.
  const held = market({ profile: 'binance-usdm' }, ['alice', 'bob'], '1000');
  const sf = record(held);
  sf({ type: 'liquidationMode', shortfall: 'hold' });
  sf({ type: 'setMarginMode', account: 'alice', symbol: 'BTCUSDT', mode: 'isolated' });
  sf({ type: 'setLeverage', account: 'alice', symbol: 'BTCUSDT', leverage: '50' });
  sf(fill('alice', 'buy', '1', '30000'));
  sf(fill('bob', 'sell', '1', '30000'));
  sf({ type: 'price', symbol: 'BTCUSDT', markPrice: '29000', time: at(2) });
  sf({ type: 'adlClose', account: 'bob', symbol: 'BTCUSDT', positionKey: 'BTCUSDT', side: 'short', quantity: '1', price: '29000', haircut: '400', shortfallId: 'sf:1', bankruptAccount: 'alice', bankruptPositionKey: 'BTCUSDT', rank: 1, queue: 1 });
  sf({ type: 'shortfallSettle', shortfallId: 'sf:1', asset: 'USDT', amount: '400', from: 0, to: 0 });

  // A deficit nobody can take: declared unresolved.
  const alone = market({}, ['alice'], '1000');
  const u = record(alone);
  u({ type: 'setMarginMode', account: 'alice', symbol: 'BTCUSDT', mode: 'isolated' });
  u(fill('alice', 'buy', '1', '30000'));
  u({ type: 'price', symbol: 'BTCUSDT', markPrice: '29500', time: at(2) });
  return events;
}

describe('wire contract', () => {
  it('every event of a broad scenario parses strictly, and the scenario reaches every contract event type', () => {
    const events = broadScenario();
    for (const event of events) assert.equal(engineEventSchema.safeParse(event).success, true, JSON.stringify(event));
    const seen = new Set(events.map((event) => event.type));
    assert.deepEqual([...seen].sort(), [...EVENT_TYPES].sort());
  });

  it('a field or a type outside the contract is refused', () => {
    const deposited = broadScenario().find((event) => event.type === 'deposited');
    assert.ok(deposited !== undefined);
    assert.equal(engineEventSchema.safeParse({ ...deposited, extra: '1' }).success, false);
    assert.equal(engineEventSchema.safeParse({ ...deposited, type: 'depositedTwice' }).success, false);
    assert.equal(engineEventSchema.safeParse({ ...deposited, amount: 10 }).success, false);
  });

  it("every account's risk JSON (cross, isolated, hedge, with ADL ranks) parses strictly", () => {
    const states: EngineState[] = [];
    broadScenario(states);
    let reports = 0;
    for (const state of states) {
      for (const account of accountIds(state)) {
        const json = accountRiskJson(state, account, undefined, { adl: true });
        if (json === null) continue;
        assert.deepEqual(riskJsonSchema.parse(json), json);
        reports++;
      }
    }
    assert.ok(reports >= 10, `${reports} reports`);
  });

  it('applyCommand dispatches exactly the contract command types', () => {
    const source = readFileSync(new URL('./apply/apply-command.js', import.meta.url), 'utf8');
    const cases = [...source.matchAll(/case '([A-Za-z]+)':/g)].map((match) => match[1]);
    assert.deepEqual([...cases].sort(), [...COMMAND_TYPES].sort());
  });
});
