// Dynamic margining and margin-model research (docs/dynamic-margin.md): price series input,
// EWMA and FHS models with anti-procyclicality tools, venues' dynamic rules, backtests.
export * from './series.js';
export * from './distributions.js';
export * from './coverage-tests.js';
export * from './ewma.js';
export * from './model-spec.js';
export * from './apc.js';
export * from './fhs.js';
export * from './venue-models.js';
export * from './models.js';
export * from './backtest.js';
export * from './reports.js';
export * from './charts.js';
