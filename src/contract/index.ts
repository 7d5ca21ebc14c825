/**
 * The contract between giaoban and its clients (the web consoles, provincial
 * systems, integration scripts): socket events and their payloads, the REST
 * DTOs, error codes. It imports nothing from the server, so a browser bundle
 * can take it whole; the server's modules take their types from here.
 */
export * from './attendance.js';
export * from './audit.js';
export * from './auth.js';
export * from './errors.js';
export * from './events.js';
export * from './materials.js';
export * from './media.js';
export * from './minutes.js';
export * from './points.js';
export * from './primitives.js';
export * from './record.js';
export * from './recording.js';
export * from './sessions.js';
export * from './speakers.js';
export * from './users.js';
export * from './webhooks.js';
