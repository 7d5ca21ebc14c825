// One import for the fuzz tests (each test's own setup is in http-setup.ts and socket-setup.ts).
/**
 * Fuzzing helpers: inputs derived from JSON schemas (the OpenAPI document's
 * and the socket contract's TypeBox schemas) with bad values mixed in, the
 * checks every answer must pass, and reports that show a failing input
 * readably (a 2,000-level nesting or a 100 kB string is summarised).
 */

export * from './config.js';
export * from './hostile.js';
export * from './http-cases.js';
export * from './http-send.js';
export * from './report.js';
export * from './socket.js';
export * from './values.js';
