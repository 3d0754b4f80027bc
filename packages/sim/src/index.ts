// Public entry of @margin/sim: the seeded demo market and its driver.
export * from './rng.js';
export * from './markets.js';
export * from './population.js';
export * from './demo-market.js';
export * from './demo-driver.js';
