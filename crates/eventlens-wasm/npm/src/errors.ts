/**
 * The error classes and span types every entry shares. This module loads no WebAssembly, so the
 * main entry and `eventlens/bus` (each with a module of its own) throw instances of the same
 * `PatternError` class.
 *
 * @module
 */

import { detailedError } from './internal.js';

/** A half-open range `[start, end)` of offsets into a text. */
export interface Range {
  /** First offset. */
  start: number;
  /** One past the last offset. */
  end: number;
}

/**
 * Where something is in a text, in two units: UTF-8 bytes (what the engine, Rust and most files
 * count) and UTF-16 code units (what JavaScript strings and editors index by):
 * `text.slice(span.utf16.start, span.utf16.end)` is the part named.
 */
export interface TextSpan {
  /** The span in UTF-8 bytes. */
  bytes: Range;
  /** The span in UTF-16 code units. */
  utf16: Range;
}

/** The class of a pattern error. */
export type PatternErrorKind =
  | 'syntax'
  | 'not-an-object'
  | 'invalid'
  | 'too-long'
  | 'too-many-combinations'
  | 'too-many-fields'
  | 'too-complex';

/** The class of an event error. */
export type EventErrorKind = 'syntax' | 'not-an-object' | 'too-large' | 'too-deep' | 'missing-envelope';

/** What a `PatternError` or an `EventError` carries besides its message: a kind, and where. */
export interface FaultDetails<Kind extends string> {
  /** What kind of fault. */
  kind: Kind;
  /** What is wrong, in words (for patterns, AWS's whole text: `Event pattern is not valid. Reason: …`). */
  message: string;
  /** 1-based line of the fault. */
  line: number;
  /** 1-based column of the fault, in UTF-16 code units. */
  column: number;
  /** The part of the text at fault. */
  span: TextSpan;
  /** The text (the pattern or the event) that `line`, `column` and `span` refer to. */
  source: string;
}

/** What a `PatternError` carries besides its message. */
export interface PatternErrorDetails extends FaultDetails<PatternErrorKind> {
  /** The reason alone, as event-ruler words it (`Empty arrays are not allowed`). */
  reason: string;
}

/** What an `EventError` carries besides its message. */
export interface EventErrorDetails extends FaultDetails<EventErrorKind> {}

/** A `PatternError`'s fields (see `PatternErrorDetails`). */
export interface PatternError extends Readonly<Omit<PatternErrorDetails, 'message'>> {}

/**
 * An invalid pattern, with AWS's message text and where the fault is: its fields are those of
 * `PatternErrorDetails` (`reason` is event-ruler's reason alone, `message` AWS's whole text).
 */
export class PatternError extends detailedError<PatternErrorDetails>('PatternError') {}

/** An `EventError`'s fields (see `EventErrorDetails`). */
export interface EventError extends Readonly<Omit<EventErrorDetails, 'message'>> {}

/**
 * An event that cannot be matched (not JSON, not an object, too large or deep, no envelope): its
 * fields are those of `EventErrorDetails`.
 */
export class EventError extends detailedError<EventErrorDetails>('EventError') {}
