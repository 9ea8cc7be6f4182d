/**
 * Helpers the public modules share: inputs as JSON text and UTF-8 bytes, the error for an object
 * used after `free()`, the base of the error classes, and the guard that turns the raw layer's
 * refusals into them. Not part of the API. Loads no WebAssembly.
 *
 * @module
 */

import type { Readiness } from './ready.js';

/** The JSON text of an input: strings as they are, anything else through `JSON.stringify`. */
export function jsonText(input: unknown, what: 'pattern' | 'event' | 'rules' | 'request' | 'endpoints' | 'events'): string {
  if (typeof input === 'string') return input;
  let text: string | undefined;
  try {
    text = JSON.stringify(input);
  } catch (e) {
    throw new TypeError(`eventlens: the ${what} cannot be turned into JSON: ${(e as Error).message}`);
  }
  if (text === undefined) {
    throw new TypeError(`eventlens: the ${what} must be a JSON string or a value JSON.stringify accepts, not ${typeof input}`);
  }
  return text;
}

const encoder = new TextEncoder();
/** Largest buffer kept between calls; longer texts get a buffer of their own. */
const SCRATCH_LIMIT = 4 << 20;
let scratch = new Uint8Array(4096);

/**
 * The UTF-8 bytes of a text (an event, a request), in a buffer reused across calls (the raw
 * layer copies them into WebAssembly memory at once). Handing it the string instead would have
 * wasm-bindgen copy an ASCII string one character at a time, which takes longer than matching
 * the event.
 */
export function utf8(text: string): Uint8Array {
  const most = text.length * 3;
  if (most > scratch.length) {
    if (most > SCRATCH_LIMIT) return encoder.encode(text);
    scratch = new Uint8Array(Math.min(SCRATCH_LIMIT, Math.max(most, scratch.length * 2)));
  }
  return scratch.subarray(0, encoder.encodeInto(text, scratch).written);
}

/** Thrown by a `Pattern`, `RuleSet` or `Bus` used after `free()`. */
export function freed(what: string): Error {
  return new Error(`eventlens: this ${what} has been freed`);
}

/**
 * The base of an error class named `name` whose instances carry the details they are made from:
 * `message` becomes the error's message, the other fields its own. Every error class of the
 * package extends one.
 */
export function detailedError<D extends { message: string }>(name: string): new (details: D) => Error {
  return class extends Error {
    /** An error with the given details. */
    constructor({ message, ...details }: D) {
      super(message);
      this.name = name;
      Object.assign(this, details);
    }
  };
}

/**
 * Whether `value` is what a raw layer throws or returns for refused input: an object whose
 * `class` (the name of the error class it stands for) is one of `classes`.
 */
export function isFailure<F extends { class: string }>(value: unknown, classes: readonly F['class'][]): value is F {
  if (typeof value !== 'object' || value === null) return false;
  return (classes as readonly unknown[]).includes((value as { class?: unknown }).class);
}

/**
 * The runner of one entry's raw calls: each throws until `readiness` holds, and what it throws
 * is thrown as `lift` turns it (given the texts the call read, `context`), so refused input
 * becomes the package's error classes.
 */
export function guardCalls<C extends unknown[]>(
  readiness: Readiness,
  lift: (thrown: unknown, ...context: C) => unknown,
): <T>(call: () => T, ...context: C) => T {
  return (call, ...context) => {
    readiness.assert();
    try {
      return call();
    } catch (thrown) {
      throw lift(thrown, ...context);
    }
  };
}
