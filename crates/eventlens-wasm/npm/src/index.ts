/**
 * `eventlens` for Node.js and bundlers: the WebAssembly module is loaded on import. The event bus
 * is in `eventlens/bus`, with a module of its own.
 *
 * @module
 */

export * from './api.js';
