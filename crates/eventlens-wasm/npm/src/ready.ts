/**
 * The hook through which an entry point refuses calls until its WebAssembly module is ready
 * (only the `web` build needs one: the others load the module on import).
 *
 * @module
 */

let check: () => void = () => {};

/** Throws when the module is not ready yet. */
export function assertReady(): void {
  check();
}

/** Installs the readiness check. */
export function setReadyCheck(f: () => void): void {
  check = f;
}
