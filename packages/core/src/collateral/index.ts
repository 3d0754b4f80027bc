// Multi-collateral pools, borrowing, credit lines and conversions (docs/collateral.md, ADR 0024).
export * from './haircut-tiers.js';
export * from './size-discount.js';
export * from './collateral-rules.js';
export * from './credit-line.js';
export * from './interest.js';
export * from './conversion.js';
export * from './multi-asset-pool.js';
export * from './multi-asset-risk.js';
export * from './loan-cover.js';
