export * from './params.js';
export * from './compute.js';
