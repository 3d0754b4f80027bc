export * from './rounding.js';
export * from './fixed.js';
export * from './decimal.js';
export { Rational, R0, R1 } from './rational.js';
export { floatToFixed, floatToUnits } from './float.js';
