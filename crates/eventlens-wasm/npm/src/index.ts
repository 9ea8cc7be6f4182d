/**
 * `eventlens` for Node.js and bundlers: the WebAssembly module is loaded on import.
 *
 * @module
 */

export * from './api.js';
export * from './bus.js';
