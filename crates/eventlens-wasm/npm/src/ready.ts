/**
 * How an entry point refuses calls until its WebAssembly module is ready. Only the `web` builds
 * need this (the others load their module on import); each module (the main one and the bus's)
 * has a readiness of its own, since a page may initialise one and not the other.
 *
 * @module
 */

/** Whether one WebAssembly module is ready: a check that throws until it is. */
export class Readiness {
  #check: () => void = () => {};

  /** Throws when the module is not ready yet. */
  assert(): void {
    this.#check();
  }

  /** Installs the readiness check. */
  require(check: () => void): void {
    this.#check = check;
  }
}

/** The readiness of the main module (`eventlens_wasm_bg.wasm`). */
export const core = new Readiness();

/** The readiness of the bus module (`eventlens_bus_bg.wasm`). */
export const bus = new Readiness();

/**
 * Where `init` can load the WebAssembly module from: its URL, a fetch `Request` or `Response`,
 * its bytes, or a compiled module.
 */
export type WasmSource = string | URL | Request | Response | BufferSource | WebAssembly.Module;

/** The `init` and `initSync` a web entry exports. */
export interface WebLoader {
  /**
   * Loads the WebAssembly module (by default from the `.wasm` file next to the entry). Calling
   * it again does nothing.
   */
  init(source?: WasmSource | Promise<WasmSource>): Promise<void>;
  /** Loads the WebAssembly module synchronously from its bytes or a compiled module. */
  initSync(module: BufferSource | WebAssembly.Module): void;
}

/**
 * The loader of a web entry (`entry` names it in errors) around wasm-bindgen's `init` and
 * `initSync` for its module; until one of them has run, `readiness` refuses calls.
 */
export function webLoader(
  entry: string,
  readiness: Readiness,
  rawInit: (options?: { module_or_path: WasmSource | Promise<WasmSource> }) => Promise<unknown>,
  rawInitSync: (options: { module: BufferSource | WebAssembly.Module }) => unknown,
): WebLoader {
  let ready = false;
  readiness.require(() => {
    if (!ready) {
      throw new Error(`${entry}: call \`await init()\` (or \`initSync(bytes)\`) before using the package`);
    }
  });
  return {
    async init(source) {
      await rawInit(source === undefined ? undefined : { module_or_path: source });
      ready = true;
    },
    initSync(module) {
      rawInitSync({ module });
      ready = true;
    },
  };
}
