// Public entry of @margin/store: the journal port, its adapters and the contract suite's helpers.
export * from './journal.js';
export * from './chain.js';
export * from './sqlite-journal.js';
export * from './postgres-journal.js';
export * from './open-journal.js';
