export * from './normal.js';
export * from './black76.js';
export * from './implied-volatility.js';
export * from './vol-smile.js';
