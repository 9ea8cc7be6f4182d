/**
 * `eventlens/web/bus`, the event bus for browsers without a bundler: call `init()` once before
 * anything else; it fetches `eventlens_bus_bg.wasm` from next to this file unless given another
 * source. It is independent of `eventlens/web` (which needs its own `init()`), and throws the same
 * `PatternError` class.
 *
 * @module
 */

import rawInit, { initSync as rawInitSync } from './eventlens_bus.js';
import { bus, webLoader } from './ready.js';

export * from './bus.js';
export type { WasmSource } from './ready.js';

const loader = webLoader('eventlens/web/bus', bus, rawInit, rawInitSync);

/**
 * Loads the bus's WebAssembly module (by default from `eventlens_bus_bg.wasm` next to this file).
 * Calling it again does nothing.
 */
export default loader.init;

/** Loads the bus's WebAssembly module synchronously from its bytes or a compiled module. */
export const initSync = loader.initSync;
