// Public entry of @margin/server.
export * from './app.js';
export * from './problem.js';
export * from './command-body.js';
export * from './auth/api-keys.js';
export * from './auth/authorize.js';
export * from './command-gateway.js';
export * from './views/history.js';
export * from './views/risk-board.js';
export * from './ws/stream-hub.js';
export * from './host-guard.js';
export * from './what-if.js';
export type { ServerContext } from './context.js';
export * from './views/journal-account-history.js';
