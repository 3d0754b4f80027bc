// Public entry of @margin/server.
export * from './app.js';
export * from './problem.js';
export * from './auth/api-keys.js';
export * from './auth/authorize.js';
export * from './host/engine-host.js';
export * from './host/event-bus.js';
export * from './host/command-gateway.js';
export * from './views/history.js';
export * from './views/risk-board.js';
export * from './views/instrument-catalog.js';
export * from './ws/stream-hub.js';
export * from './what-if.js';
export type { ServerContext } from './context.js';
