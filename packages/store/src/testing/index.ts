// `@margin/store/testing`: helpers for the tests of packages built on the journal.
export * from './postgres-env.js';
export * from './journal-contract.js';
