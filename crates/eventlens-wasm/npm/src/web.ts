/**
 * `eventlens/web`, for browsers without a bundler (`<script type="module">`): call `init()` once
 * before anything else; it fetches `eventlens_wasm_bg.wasm` from next to this file unless given
 * another source.
 *
 * @module
 */

import rawInit, { initSync as rawInitSync } from './eventlens_wasm.js';
import { setReadyCheck } from './ready.js';

export * from './api.js';
export * from './bus.js';

let ready = false;
setReadyCheck(() => {
  if (!ready) {
    throw new Error('eventlens/web: call `await init()` (or `initSync(bytes)`) before using the package');
  }
});

/**
 * Where `init` can load the WebAssembly module from: its URL, a fetch `Request` or `Response`,
 * its bytes, or a compiled module.
 */
export type WasmSource = string | URL | Request | Response | BufferSource | WebAssembly.Module;

/**
 * Loads the WebAssembly module (by default from `eventlens_wasm_bg.wasm` next to this file).
 * Calling it again does nothing.
 */
export default async function init(source?: WasmSource | Promise<WasmSource>): Promise<void> {
  await rawInit(source === undefined ? undefined : { module_or_path: source });
  ready = true;
}

/** Loads the WebAssembly module synchronously from its bytes or a compiled module. */
export function initSync(module: BufferSource | WebAssembly.Module): void {
  rawInitSync({ module });
  ready = true;
}
