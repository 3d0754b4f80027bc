export * from './rules.js';
export * from './formulas.js';
export * from './fee.js';
export * from './resolve.js';
export * from './account.js';
export * from './premium.js';
export * from './batch.js';
