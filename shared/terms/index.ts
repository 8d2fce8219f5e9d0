export * from './terms.js';
export * from './errors.js';
