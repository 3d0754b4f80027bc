/**
 * @margin/testkit: the named test fixtures every package's tests use (docs/testing.md). Plain JSON
 * in the input formats, no dependency on any package, so core's tests can use it as well as the
 * engine's (TypeScript project references allow no cycle).
 */
export { T0, T0_MS, at } from './time.js';
export { BTC_TIERS_2, BTC_TIERS_3, BTC_TIERS_4, BTC_TIER_FLAT, type TierJson } from './tiers.js';
export * from './instruments.js';
export { ALICE_5000_USDT, BOB_20000_USDT, MARKET_DEPOSIT_USDT, type FundingJson } from './accounts.js';
export { BOOK_THIN_ABOVE_29000, BOOK_THIN_ABOVE_9800, BOOK_TIGHT_30000, type BookJson, type LevelJson } from './books.js';
export { bookCommand, depositCommand, instrumentCommand } from './commands.js';
