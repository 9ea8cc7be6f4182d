/**
 * The public API of the `eventlens` package: Amazon EventBridge event patterns, validated,
 * matched and explained exactly as AWS does, by the eventlens engine compiled to WebAssembly.
 *
 * This layer turns inputs into JSON text, the engine's refusals into `PatternError` and
 * `EventError` instances, and gives the results their types. The raw `wasm-bindgen` exports it
 * calls (`./eventlens_wasm.js`) are not part of the API.
 *
 * @module
 */

import type { EventErrorDetails, PatternErrorDetails, TextSpan } from './errors.js';
import { EventError, PatternError } from './errors.js';
import * as raw from './eventlens_wasm.js';
import { freed, guardCalls, isFailure, jsonText, utf8 } from './internal.js';
import { core } from './ready.js';

export * from './errors.js';
export * from './suite.js';

/**
 * A pattern: a string is used as the exact JSON text; any other value is serialised with
 * `JSON.stringify` first (so an object cannot carry duplicate keys, and integer-like keys come
 * first). Pass a string to test the exact text you will deploy.
 */
export type PatternInput = string | object;

/** An event: a string is used as the exact JSON text; any other value goes through `JSON.stringify`. */
export type EventInput = string | object;

/** Options of the calls that read an event. */
export interface MatchOptions {
  /**
   * Also apply the event check of AWS's TestEventPattern API: the event must have the envelope
   * fields `id`, `account`, `source`, `time`, `region` and `detail-type`, or the call throws an
   * `EventError` of kind `missing-envelope` ("Parameter Event is not valid."). Off by default:
   * rules on an event bus match whatever JSON object they are given.
   */
  testEventPattern?: boolean;
}

/** The result of `validate`. */
export type ValidationResult = { ok: true } | { ok: false; errors: PatternError[] };

/** The verdict, and a report for every `$or` combination of the pattern. */
export interface Explanation {
  /** Whether the pattern matches. */
  matched: boolean;
  /** Index of the combination to show first: a matching one, else the one closest to matching. */
  best: number;
  /** One report per `$or` combination (one when the pattern has no `$or`). */
  combinations: CombinationReport[];
  /** The pattern text that the pattern spans index. */
  patternText: string;
  /** The event text that the event spans index. */
  eventText: string;
}

/** How one `$or` combination fared. */
export interface CombinationReport {
  /** Whether every condition held together. */
  matched: boolean;
  /** The `$or` branches this combination took, outermost first. */
  branches: OrBranch[];
  /** One per field condition, sorted by path. */
  conditions: Condition[];
  /** Set when each condition holds alone but no array element satisfies them together. */
  note: string | null;
}

/** Which branch of which `$or` a combination took (spans in the pattern text). */
export interface OrBranch {
  /** The `$or` key. */
  orSpan: TextSpan;
  /** 0-based index of the branch. */
  branch: number;
  /** The branch object. */
  branchSpan: TextSpan;
}

/** One field condition of the pattern and what it found in the event. */
export interface Condition {
  /** Dotted event path (`detail.status`). */
  path: string;
  /** The matcher list (`[…]`) in the pattern text. */
  patternSpan: TextSpan;
  /** The field's key in the pattern text. */
  keySpan: TextSpan;
  /** Whether the condition held (in a matching combination: as part of the match). */
  held: boolean;
  /** Why, in plain words. */
  reason: string;
  /** The condition's matchers. */
  matchers: MatcherReport[];
  /** The event values found at the path: the first ones, and the one the match used. */
  values: ValueReport[];
  /** How many more values the path holds than `values` lists. */
  valuesOmitted: number;
  /** For a failed condition, the likeliest fix: a nearby path, a letter-case or type slip, or the closest value present. */
  suggestion: string | null;
}

/** One matcher of a condition. */
export interface MatcherReport {
  /**
   * Operator name: `exact`, `exactly`, `prefix`, `suffix`, `equals-ignore-case`,
   * `prefix/equals-ignore-case`, `suffix/equals-ignore-case`, `anything-but`, `numeric`,
   * `exists`, `cidr` or `wildcard`.
   */
  operator: string;
  /** The matcher's pattern text, on one line. */
  text: string;
  /** The matcher in the pattern text. */
  span: TextSpan;
  /** Whether it accepted any value at the path. */
  held: boolean;
}

/** One event value a condition was tested against. */
export interface ValueReport {
  /** Path with array positions (`detail.items[1].name`). */
  path: string;
  /** The value in the event text. */
  span: TextSpan;
  /** The value as JSON. */
  value: string;
  /** Whether some matcher accepted it. */
  matched: boolean;
  /** Whether the match used this value (array consistency picks one per condition). */
  chosen: boolean;
  /** Indexes into `matchers` of the matchers that accepted it. */
  matchers: number[];
}

/** What the raw layer throws or returns for refused input (its `class` names ours). */
type Failure =
  | ({ class: 'PatternError' } & Omit<PatternErrorDetails, 'source'>)
  | ({ class: 'EventError' } & Omit<EventErrorDetails, 'source'>);

/** The raw explanation: the texts are added here, where they already are. */
type RawExplanation = Omit<Explanation, 'patternText' | 'eventText'>;

/** The `class` of every `Failure`. */
const FAILURES: readonly Failure['class'][] = ['PatternError', 'EventError'];

/** The error to throw for what the raw layer threw: failures become our classes. */
function lift(thrown: unknown, pattern: string, event = ''): unknown {
  if (!isFailure<Failure>(thrown, FAILURES)) return thrown;
  if (thrown.class === 'PatternError') {
    const { class: _, ...details } = thrown;
    return new PatternError({ ...details, source: pattern });
  }
  const { class: _, ...details } = thrown;
  return new EventError({ ...details, source: event });
}

/** Runs a raw call, throwing our error classes for refused input. */
const guarded = guardCalls(core, lift);

function envelope(options: MatchOptions | undefined): boolean {
  return options?.testEventPattern === true;
}

/**
 * Validates a pattern: `{ ok: true }`, or `{ ok: false, errors }` with AWS's error (the engine
 * reports the first fault, as AWS does).
 */
export function validate(pattern: PatternInput): ValidationResult {
  const text = jsonText(pattern, 'pattern');
  const failure: unknown = guarded(() => raw.validatePattern(text), text);
  if (failure === undefined) return { ok: true };
  return { ok: false, errors: [lift(failure, text) as PatternError] };
}

/**
 * Whether `event` matches `pattern`. Throws `PatternError` for an invalid pattern and
 * `EventError` for an event that cannot be matched.
 */
export function matches(pattern: PatternInput, event: EventInput, options?: MatchOptions): boolean {
  const p = jsonText(pattern, 'pattern');
  const e = jsonText(event, 'event');
  return guarded(() => raw.matchOnce(p, utf8(e), envelope(options)), p, e);
}

/**
 * Matches and explains: every condition of every `$or` combination, the event values it was
 * tested against, whether it held and why, with spans in both texts. Throws like `matches`.
 */
export function explain(pattern: PatternInput, event: EventInput, options?: MatchOptions): Explanation {
  const p = jsonText(pattern, 'pattern');
  const e = jsonText(event, 'event');
  const x = guarded(() => raw.explainOnce(p, utf8(e), envelope(options)) as RawExplanation, p, e);
  return { ...x, patternText: p, eventText: e };
}

/** Compiles a pattern for repeated use; throws `PatternError` if it is invalid. */
export function compile(pattern: PatternInput): Pattern {
  return new Pattern(pattern);
}

/**
 * A compiled pattern. Its WebAssembly memory is released by `free()`, or by the garbage
 * collector some time after the object becomes unreachable.
 */
export class Pattern {
  #compiled: raw.CompiledPattern | undefined;
  /** The pattern text it was compiled from. */
  readonly source: string;

  /** Compiles a pattern; throws `PatternError` if it is invalid. */
  constructor(pattern: PatternInput) {
    const text = jsonText(pattern, 'pattern');
    this.source = text;
    this.#compiled = guarded(() => new raw.CompiledPattern(text), text);
  }

  #live(): raw.CompiledPattern {
    if (this.#compiled === undefined) throw freed('Pattern');
    return this.#compiled;
  }

  /** Whether `event` matches; throws `EventError` for an event that cannot be matched. */
  matches(event: EventInput, options?: MatchOptions): boolean {
    const compiled = this.#live();
    const e = jsonText(event, 'event');
    return guarded(() => compiled.matches(utf8(e), envelope(options)), this.source, e);
  }

  /** The explanation of `event` (see `explain`). */
  explain(event: EventInput, options?: MatchOptions): Explanation {
    const compiled = this.#live();
    const e = jsonText(event, 'event');
    const x = guarded(() => compiled.explain(utf8(e), envelope(options)) as RawExplanation, this.source, e);
    return { ...x, patternText: this.source, eventText: e };
  }

  /** Releases the compiled pattern; using it afterwards throws. Calling it twice is harmless. */
  free(): void {
    this.#compiled?.free();
    this.#compiled = undefined;
  }
}

/**
 * How much of each event `RuleSet.matches` checks. `"full"` (the default): every byte, as
 * `matches` does, so an event that is not valid JSON always throws `EventError`. `"structure"`:
 * the event's skeleton and the fields the rules read, for speed: strings closed and well escaped,
 * brackets balanced and nested within the limit, and everything on the way to a field some rule
 * names; a fault inside a value no rule reads (a malformed number, a missing comma) goes
 * unnoticed and the event is matched on what the rules read. With `testEventPattern` the event is
 * always read whole.
 */
export type Validation = 'full' | 'structure';

/** Options of a `RuleSet`. */
export interface RuleSetOptions {
  /** How much of each event `matches` checks; `"full"` by default. */
  validation?: Validation;
}

/**
 * Named patterns, for "which rules match this event?". Its WebAssembly memory is released by
 * `free()`, or by the garbage collector some time after the object becomes unreachable.
 */
export class RuleSet {
  #rules: raw.Rules | undefined;
  /** The rule names in order, read from the set after each change. */
  #names: string[] | undefined;
  #validation: Validation = 'full';

  /** An empty set; throws `TypeError` for options it cannot use. */
  constructor(options?: RuleSetOptions) {
    if (options !== undefined && (typeof options !== 'object' || options === null)) {
      throw new TypeError('eventlens: the RuleSet options must be an object');
    }
    this.#rules = guarded(() => new raw.Rules(), '');
    if (options?.validation !== undefined) this.validation = options.validation;
  }

  /** How much of each event `matches` checks (see `Validation`). */
  get validation(): Validation {
    return this.#validation;
  }

  /** Sets how much of each event `matches` checks; throws `TypeError` for another value. */
  set validation(value: Validation) {
    const rules = this.#live();
    if (value !== 'full' && value !== 'structure') {
      throw new TypeError(`eventlens: the option \`validation\` must be "full" or "structure", not ${JSON.stringify(value)}`);
    }
    guarded(() => rules.setStructureOnly(value === 'structure'), '');
    this.#validation = value;
  }

  #live(): raw.Rules {
    if (this.#rules === undefined) throw freed('RuleSet');
    return this.#rules;
  }

  #currentNames(): string[] {
    const rules = this.#live();
    this.#names ??= guarded(() => rules.names(), '');
    return this.#names;
  }

  /** Compiles `pattern` and adds it as `name`, replacing any rule of that name; throws `PatternError`. */
  add(name: string, pattern: PatternInput): void {
    const rules = this.#live();
    const text = jsonText(pattern, 'pattern');
    guarded(() => rules.add(String(name), text), text);
    this.#names = undefined;
  }

  /** Removes the rule `name`; `false` if there was none. */
  remove(name: string): boolean {
    const rules = this.#live();
    const removed = guarded(() => rules.remove(String(name)), '');
    if (removed) this.#names = undefined;
    return removed;
  }

  /** The rule names, in the order they were first added. */
  names(): string[] {
    return [...this.#currentNames()];
  }

  /** How many rules the set holds. */
  get size(): number {
    return this.#currentNames().length;
  }

  /**
   * The names of the rules `event` matches, in the order of `names()`; throws `EventError` for
   * an event that cannot be matched.
   */
  matches(event: EventInput, options?: MatchOptions): string[] {
    const rules = this.#live();
    const e = jsonText(event, 'event');
    const count = guarded(() => rules.matchCount(utf8(e), envelope(options)), '', e);
    if (count === 0) return [];
    const positions = rules.matchedPositions();
    const names = this.#currentNames();
    const matched: string[] = new Array(positions.length);
    for (let i = 0; i < positions.length; i++) matched[i] = names[positions[i]];
    return matched;
  }

  /** Releases the set; using it afterwards throws. Calling it twice is harmless. */
  free(): void {
    this.#rules?.free();
    this.#rules = undefined;
    this.#names = undefined;
  }
}
