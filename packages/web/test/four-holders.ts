/**
 * The quiet market the desk-views and stress-compare browser tests start from: the test kit's
 * BTCUSDT (three tiers, 5 bp taker) at a mark of 30,000 and four holders: alice long 1 at 10x on
 * 5,000 USDT, bob short 0.5 on 20,000, carol short 0.2 on 10,000, dan long 0.3 from 29,000 on
 * 3,000. Each test adds its own insurance fund.
 */
import { BTCUSDT_LINEAR_3TIER_TAKER_5BP } from '@margin/testkit';
import type { ApiCall } from './serve-session.js';

const fill = (id: string, account: string, side: string, size: string, price: string) => ({ type: 'fill', id, account, symbol: 'BTCUSDT', side, size, price, fee: '0', time: '2026-01-01T00:00:01Z' });

/** Defines BTCUSDT and applies the four holders, then `more` commands, in one batch. */
export async function seedFourHolders(call: ApiCall, more: readonly object[]): Promise<void> {
  await call('PUT', '/v1/instruments/BTCUSDT', { id: 'i-btc', instrument: BTCUSDT_LINEAR_3TIER_TAKER_5BP });
  await call('POST', '/v1/commands', {
    commands: [
      { type: 'price', id: 'p0', symbol: 'BTCUSDT', markPrice: '30000', time: '2026-01-01T00:00:00Z' },
      { type: 'deposit', id: 'd-alice', account: 'alice', asset: 'USDT', amount: '5000' },
      { type: 'deposit', id: 'd-bob', account: 'bob', asset: 'USDT', amount: '20000' },
      { type: 'deposit', id: 'd-carol', account: 'carol', asset: 'USDT', amount: '10000' },
      { type: 'deposit', id: 'd-dan', account: 'dan', asset: 'USDT', amount: '3000' },
      { type: 'setLeverage', id: 'l-alice', account: 'alice', symbol: 'BTCUSDT', leverage: '10' },
      fill('f-alice', 'alice', 'buy', '1', '30000'),
      fill('f-bob', 'bob', 'sell', '0.5', '30000'),
      fill('f-carol', 'carol', 'sell', '0.2', '30000'),
      fill('f-dan', 'dan', 'buy', '0.3', '29000'),
      ...more,
    ],
  });
}
