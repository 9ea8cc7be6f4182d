/**
 * `eventlens/web`, for browsers without a bundler (`<script type="module">`): call `init()` once
 * before anything else; it fetches `eventlens_wasm_bg.wasm` from next to this file unless given
 * another source. The event bus is in `eventlens/web/bus`, with a module and an `init` of its own.
 *
 * @module
 */

import rawInit, { initSync as rawInitSync } from './eventlens_wasm.js';
import { core, webLoader } from './ready.js';

export * from './api.js';
export type { WasmSource } from './ready.js';

const loader = webLoader('eventlens/web', core, rawInit, rawInitSync);

/**
 * Loads the WebAssembly module (by default from `eventlens_wasm_bg.wasm` next to this file).
 * Calling it again does nothing.
 */
export default loader.init;

/** Loads the WebAssembly module synchronously from its bytes or a compiled module. */
export const initSync = loader.initSync;
