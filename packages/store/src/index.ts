// Public entry of @margin/store.
export * from './journal.js';
export * from './sqlite-journal.js';
export * from './postgres-journal.js';
export * from './open-journal.js';
export * from './durable/engine-profile.js';
export * from './durable/recover.js';
export * from './durable/durable-engine.js';
