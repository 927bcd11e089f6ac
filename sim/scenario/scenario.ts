/**
 * Scenario files: the schema (schema.ts), errors that name the file, the JSON path and what was
 * expected (errors.ts), and resolution against the site defaults (resolve.ts).
 */
export * from './schema.js';
export * from './errors.js';
export * from './resolve.js';
export * from './space.js';
