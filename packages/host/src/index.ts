// Public entry of @margin/host: the one durable host of `margin serve` and `margin run`.
export * from './durable-host.js';
export * from './engine-options.js';
export * from './errors.js';
export * from './event-bus.js';
export * from './event-format.js';
export * from './instrument-catalog.js';
export * from './outcome.js';
export * from './recover.js';
export * from './retention.js';
export * from './submitted.js';
export * from './journal-history.js';
