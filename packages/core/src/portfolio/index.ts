/** Portfolio margin: SPAN, Deribit-style and OKX-style crypto portfolio margin (docs/portfolio-margin.md). */
export * from './position.js';
export * from './money.js';
export * from './span/index.js';
export * from './revalue.js';
export * from './mark-volatility.js';
export * from './deribit-pm/index.js';
export * from './okx-pm/index.js';
export * from './report.js';
