export * from './scenarios.js';
export * from './params.js';
export * from './contract-id.js';
export * from './risk-array.js';
export * from './compute.js';
export * from './explain.js';
export * from './pa2-layout.js';
export * from './pa2.js';
