/**
 * Named accounts and what they are funded with (`deposit` commands). Amounts are decimal strings in
 * the settle asset.
 */
export interface FundingJson {
  readonly account: string;
  readonly asset: string;
  readonly amount: string;
}

/** What the engine harness's `market()` deposits into each account unless a test says otherwise. */
export const MARKET_DEPOSIT_USDT = '10000';

/** The API harness's alice: 5,000 USDT; the seed makes her long 1 BTCUSDT at 30,000, 10x. */
export const ALICE_5000_USDT: FundingJson = { account: 'alice', asset: 'USDT', amount: '5000' };

/** The API harness's bob: 20,000 USDT; the seed makes him short 0.5 BTCUSDT at 30,000. */
export const BOB_20000_USDT: FundingJson = { account: 'bob', asset: 'USDT', amount: '20000' };
