/** Venue records and their registry (re-exported by the package entry). */
export * from './venue.js';
export * from './require-part.js';
export * from './registry.js';
export * from './views.js';
export * from './venue-json.js';
export * from './portfolio-venue.js';
export * from './portfolio-registry.js';
