// Public entry of @margin/cluster: account partitions as engine workers on NATS JetStream.
export * from './partition-map.js';
export * from './subjects.js';
export * from './worker.js';
export * from './cluster-client.js';
export * from './combined-state.js';
export * from './nats-process.js';
export * from './gateway.js';
export * from './run.js';
export * from './adl-merge.js';
export * from './auditor.js';
export * from './fund-float.js';
export * from './shortfall.js';
export * from './shortfall-reads.js';
export * from './pass-lock.js';
