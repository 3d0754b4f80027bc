// Public entry of @margin/wire: the wire contract (commands, events, API bodies, JSON outputs).
export * from './commands/schema.js';
export { parseCommand } from './commands/parse-command.js';
export * from './codes.js';
export { countText, decimalText, entrySchema, isoText, type EntryJson } from './events/fields.js';
export * from './input/index.js';
export * from './events/money.js';
export * from './events/market.js';
export * from './events/trading.js';
export * from './events/funding.js';
export * from './events/risk.js';
export * from './events/liquidation.js';
export * from './events/outcome.js';
export * from './events/engine-event.js';
export * from './report/risk-json.js';
export * from './api/problem.js';
export * from './api/commands.js';
export * from './api/views.js';
export * from './openapi/components.js';
