/**
 * Suites of expectations: "pattern P must match events A and B and must not match C", in the
 * JSON or YAML suite files that the playground and `eventlens test-suite` also run.
 *
 * The suite reader runs in the bus's WebAssembly module (it shares the bus's YAML reader, which
 * would take the main module over its size target): `runSuite` loads that module when first
 * called, so it returns a promise, and importing the main entry still loads only its own module.
 *
 * @module
 */

import type { TextSpan } from './errors.js';
import { detailedError, isFailure } from './internal.js';

/** Whether a pattern matches an event. */
export type Verdict = 'match' | 'no-match';

/** One expectation tested. */
export interface SuiteResult {
  /** The pattern's name. */
  pattern: string;
  /** The event's name. */
  event: string;
  /** What the suite expects. */
  expected: Verdict;
  /** What the engine says. */
  actual: Verdict;
  /** Whether the two agree. */
  pass: boolean;
  /**
   * For a failure, why the verdict went the way it did: the first condition that failed (an
   * unexpected no match), or the conditions that held (an unexpected match).
   */
  reason?: string;
}

/** What `runSuite` returns. */
export interface SuiteRun {
  /** One per (pattern, event) pair of `expect`, each pattern's `match` list first. */
  results: SuiteResult[];
  /** How many expectations there are, hold and fail. */
  summary: { total: number; passed: number; failed: number };
}

/** The class of a suite error. */
export type SuiteErrorKind =
  | 'syntax'
  | 'not-a-mapping'
  | 'unknown-key'
  | 'shape'
  | 'duplicate'
  | 'unknown-name'
  | 'in-both-lists'
  | 'invalid-pattern'
  | 'invalid-event';

/** What a `SuiteError` carries besides its message. */
export interface SuiteErrorDetails {
  /** What kind of fault. */
  kind: SuiteErrorKind;
  /** What is wrong (for an invalid pattern, it holds AWS's message). */
  message: string;
  /** 1-based line in the suite text, or `null` when the place is not known. */
  line: number | null;
  /** 1-based column (UTF-16 code units) in the suite text, or `null`. */
  column: number | null;
  /** The part of the suite text at fault, or `null`. */
  span: TextSpan | null;
  /**
   * The name concerned (`duplicate`, `unknown-name`, `invalid-pattern`, `invalid-event`); the
   * engine calls it `name`, which errors keep for their class.
   */
  subject?: string;
  /** The unknown key (`unknown-key`). */
  key?: string;
  /** The pattern and the event of an `in-both-lists` fault. */
  pattern?: string;
  event?: string;
  /**
   * The engine's error for `invalid-pattern` and `invalid-event`: its `message`, `line`,
   * `column` and byte `span` are within the pattern's or event's own text; a pattern's also has
   * event-ruler's bare `reason`.
   */
  error?: { kind: string; reason?: string; message: string; line: number; column: number; span: { start: number; end: number } };
}

/** A `SuiteError`'s fields (see `SuiteErrorDetails`). */
export interface SuiteError extends Readonly<Omit<SuiteErrorDetails, 'message'>> {}

/** A suite file that cannot be run, with where in the file (`line`, `column`) and why. */
export class SuiteError extends detailedError<SuiteErrorDetails>('SuiteError') {}

/** What the raw layer throws: the name concerned is `name` there. */
type Failure = { class: 'SuiteError'; name?: string } & Omit<SuiteErrorDetails, 'subject'>;

function lift(thrown: unknown): unknown {
  if (!isFailure<Failure>(thrown, ['SuiteError'])) return thrown;
  const { class: _, name, ...details } = thrown;
  return new SuiteError(name === undefined ? details : { ...details, subject: name });
}

/** The bus module's raw `runSuite`, loaded (and, in the web build, initialised) once. */
let loaded: Promise<(text: string) => unknown> | undefined;

function rawRunSuite(): Promise<(text: string) => unknown> {
  loaded ??= import('./eventlens_bus.js').then(async (module) => {
    // The web build's glue exports its loader as `default` (fetching the .wasm beside it);
    // the Node and bundler glues load their module on import.
    const init = (module as { default?: unknown }).default;
    if (typeof init === 'function') await (init as () => Promise<unknown>)();
    return module.runSuite;
  });
  return loaded;
}

/**
 * Reads a suite (JSON when it starts with `{` or `[`, else YAML) and tests every expectation.
 * Rejects with `SuiteError` for a suite that cannot be run (with the line and column in the
 * text).
 */
export async function runSuite(text: string): Promise<SuiteRun> {
  if (typeof text !== 'string') {
    throw new TypeError(`eventlens: runSuite takes the suite file's text, not ${typeof text}`);
  }
  const run = await rawRunSuite();
  try {
    return run(text) as SuiteRun;
  } catch (thrown) {
    throw lift(thrown);
  }
}
