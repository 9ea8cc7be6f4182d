/**
 * `eventlens/bus`, the event bus, offline: PutEvents entries become events, every rule of the bus
 * is tested (with the same explanations as `explain`), and each matching rule's targets receive
 * the event, whole or reshaped by `Input`, `InputPath` or an input transformer. Global endpoints
 * route between two Regions and replicate. Its WebAssembly module (`eventlens_bus_bg.wasm`) is
 * its own, loaded on import, apart from the main entry's.
 *
 * @module
 */

import type { Explanation } from './api.js';
import type { PatternErrorDetails, TextSpan } from './errors.js';
import { PatternError } from './errors.js';
import * as raw from './eventlens_bus.js';
import { detailedError, freed, guardCalls, isFailure, jsonText, utf8 } from './internal.js';
import { bus as busReady } from './ready.js';

// What the results hold: explanations, spans, and the `PatternError` of a pattern at fault (the
// class the main entry throws: errors.ts loads no WebAssembly).
export type {
  CombinationReport,
  Condition,
  Explanation,
  MatcherReport,
  OrBranch,
  ValueReport,
} from './api.js';
export type { PatternErrorDetails, PatternErrorKind, Range, TextSpan } from './errors.js';
export { PatternError } from './errors.js';

/** A rule's state. */
export type RuleState = 'ENABLED' | 'DISABLED' | 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';

/** A target as PutTargets takes it: at most one of `Input`, `InputPath`, `InputTransformer`. */
export interface TargetDefinition {
  /** The target's id, unique within its rule. */
  Id?: string;
  /** The target's ARN (shown, not called). */
  Arn?: string;
  /** Constant JSON text sent instead of the event. */
  Input?: string;
  /** The part of the event to send (`$.detail`). */
  InputPath?: string;
  /** Variables taken from the event, and a template to put them in. */
  InputTransformer?: {
    /** Variable name to JSON path (`{"status": "$.detail.status"}`). */
    InputPathsMap?: Readonly<Record<string, string>>;
    /** The template, with `<variable>` placeholders. */
    InputTemplate?: string;
  };
}

/** A rule as PutRule (with its PutTargets) takes it. */
export interface RuleDefinition {
  /** The rule's name. */
  Name?: string;
  /** The pattern: JSON text, or an object as CloudFormation writes it. */
  EventPattern?: string | object;
  /** `ENABLED` when absent. */
  State?: RuleState;
  /** The bus, by name or ARN; `default` when absent. */
  EventBusName?: string;
  /** A description (kept, not used). */
  Description?: string;
  /** A schedule: a rule with a schedule and no pattern is left out, with a note. */
  ScheduleExpression?: string;
  /** The targets (at most 5). */
  Targets?: readonly TargetDefinition[];
  /** The rule's Region (an eventlens addition); else the bus ARN's, else the bus's `region`. */
  Region?: string;
}

/** A global endpoint as CreateEndpoint takes it. */
export interface EndpointDefinition {
  /** The endpoint's name. */
  Name?: string;
  /** The id PutEvents names it by (`abcde.veo`); the name when absent. */
  EndpointId?: string;
  /** A description (kept, not used). */
  Description?: string;
  /** The primary Region's health check and the secondary Region. */
  RoutingConfig?: {
    FailoverConfig?: { Primary?: { HealthCheck?: string }; Secondary?: { Route?: string } };
  };
  /** Replication; `ENABLED` when absent. */
  ReplicationConfig?: { State?: 'ENABLED' | 'DISABLED' };
  /** The two buses (ARNs), one per Region, with the same name. */
  EventBuses?: readonly { EventBusArn?: string }[];
  /** The replication role (kept, not used). */
  RoleArn?: string;
}

/** Rules and endpoints together. */
export interface BusDefinitions {
  /** The rules. */
  Rules?: readonly RuleDefinition[];
  /** The global endpoints. */
  Endpoints?: readonly EndpointDefinition[];
}

/**
 * A CloudFormation or SAM template: its `AWS::Events::Rule` and `AWS::Events::Endpoint`
 * resources, and the `EventBridgeRule`/`CloudWatchEvent` events of its serverless functions and
 * state machines.
 */
export interface CloudFormationTemplate {
  /** The resources. */
  Resources: Readonly<Record<string, unknown>>;
  /** Other sections (`Parameters`, `Mappings`, …). */
  [section: string]: unknown;
}

/**
 * The rules of a bus: text (a JSON rule list, `{"Rules": [...], "Endpoints": [...]}`, one rule,
 * or a CloudFormation/SAM template in JSON or YAML), or such a value, which goes through
 * `JSON.stringify`.
 */
export type BusRulesInput =
  | string
  | readonly RuleDefinition[]
  | BusDefinitions
  | CloudFormationTemplate
  | RuleDefinition;

/** Where the rules live (the engine's `BusSettings`), and endpoints to add to the rules' own. */
export interface BusOptions {
  /** The account id written in events and ARNs; `123456789012` by default. */
  account?: string;
  /** The Region PutEvents is called in, and of rules that name no other; `us-east-1` by default. */
  region?: string;
  /** `AWS::StackName` in CloudFormation templates; `eventlens` by default. */
  stackName?: string;
  /** Values of CloudFormation template parameters (parameters without one take their `Default`). */
  parameters?: Readonly<Record<string, string>>;
  /** Values of other stacks' exports, for `Fn::ImportValue`. */
  imports?: Readonly<Record<string, string>>;
  /** Global endpoints, added after those the rules define. */
  endpoints?: readonly EndpointDefinition[];
}

/** One entry of a PutEvents request. */
export interface PutEventsRequestEntry {
  /** The event's `source`. */
  Source?: string;
  /** The event's `detail-type`. */
  DetailType?: string;
  /** The event's `detail`: JSON text holding an object. */
  Detail?: string;
  /** ARNs for the event's `resources`. */
  Resources?: readonly string[];
  /** The event's `time` (seconds since 1970, or RFC 3339); the ingestion time when absent. */
  Time?: number | string | Date;
  /** The bus, by name or ARN; `default` when absent. */
  EventBusName?: string;
  /** An X-Ray trace header (carried, not used for routing). */
  TraceHeader?: string;
}

/** A PutEvents request body. */
export interface PutEventsRequest {
  /** The entries (1 to 10). */
  Entries?: readonly PutEventsRequestEntry[];
  /** The global endpoint to send through (its id, or its name). */
  EndpointId?: string;
}

/**
 * A PutEvents request: its JSON text, a request object, or a bare entry list (as
 * `aws events put-events --entries` takes it); values go through `JSON.stringify`.
 */
export type PutEventsInput = string | PutEventsRequest | readonly PutEventsRequestEntry[];

/**
 * Events that AWS services or SaaS partners put on a bus themselves, whole: JSON text (a list of
 * events, or JSON Lines) or a list of event objects (through `JSON.stringify`).
 */
export type ServiceEventsInput = string | readonly Record<string, unknown>[];

/** What makes a PutEvents call repeatable, and which Regions are down. */
export interface PutEventsOptions {
  /** The ingestion time (an RFC 3339 string or a `Date`), and the `time` of entries without one; now by default. */
  now?: string | Date;
  /** Seeds the event ids (an integer from 0 to 2^64 - 1): the same seed gives the same ids. Random by default. */
  seed?: number | bigint;
  /** Health check ARNs, endpoint names or endpoint ids whose primary Region is unhealthy. */
  unhealthy?: readonly string[];
}

/** The PutEvents response, field for field as the API returns it. */
export interface PutEventsResponse {
  /** How many entries failed. */
  FailedEntryCount: number;
  /** One result per entry, in request order. */
  Entries: PutEventsResultEntry[];
}

/** One entry's result: an `EventId`, or an `ErrorCode` and `ErrorMessage`. */
export interface PutEventsResultEntry {
  /** The event id, for an accepted entry. */
  EventId?: string;
  /** Why it failed (`InvalidArgument`, `MalformedDetail`, …). */
  ErrorCode?: string;
  /** Why it failed, in AWS's words. */
  ErrorMessage?: string;
}

/** Everything a PutEvents call did. */
export interface PutEventsOutcome {
  /** The response the API returns. */
  response: PutEventsResponse;
  /** One report per entry, in request order. */
  entries: EntryReport[];
}

/** Why one entry failed; the other entries go on. */
export interface EntryError {
  /** AWS's `ErrorCode`. */
  code: string;
  /** AWS's `ErrorMessage`. */
  message: string;
  /** For a `MalformedDetail`, what is wrong in the `Detail` text and where (AWS says only
   * `Detail is malformed.`); `null` for other errors. */
  detail: DetailFault | null;
}

/** What is wrong in a malformed `Detail`: the JSON parser's reason and its place in the text. */
export interface DetailFault {
  /** The parser's message, or that the text holds another value than an object. */
  reason: string;
  /** 1-based line within the `Detail` text. */
  line: number;
  /** 1-based column within the `Detail` text, in UTF-16 code units. */
  column: number;
}

/** What became of one entry. */
export interface EntryReport {
  /** 0-based position in the request. */
  index: number;
  /** The event id, for an accepted entry. */
  eventId: string | null;
  /** Why the entry failed. */
  error: EntryError | null;
  /** The bus the entry was sent to, for an accepted entry. */
  bus: string | null;
  /** Each Region's bus the event reached (two with a replicating endpoint). */
  arrivals: Arrival[];
}

/** How an event reached a Region's bus. */
export type ArrivalRoute =
  | { kind: 'direct' }
  | { kind: 'primary'; endpoint: string }
  | { kind: 'failover'; endpoint: string }
  | { kind: 'replica'; endpoint: string; from: string };

/** The event on one Region's bus. */
export interface Arrival {
  /** The Region. */
  region: string;
  /** The bus name. */
  bus: string;
  /** How the event got there. */
  route: ArrivalRoute;
  /** Held until the Region is available again (a replica sent to an unhealthy primary). */
  deferred: boolean;
  /** The event as it is on this bus (compact JSON). */
  event: string;
  /** Every rule of this bus, in definition order. */
  rules: RuleVerdict[];
}

/** Which kind of input a target takes. */
export type TargetInputKind = 'event' | 'input' | 'input-path' | 'input-transformer';

/** How one rule treated the event. */
export interface RuleVerdict {
  /** The rule's name. */
  rule: string;
  /** The rule's ARN. */
  arn: string;
  /** The rule's state. */
  state: RuleState;
  /** Whether the pattern matches the event. */
  matched: boolean;
  /** Whether the rule sent the event on (it matched and is enabled). */
  delivered: boolean;
  /** Why, in a sentence. */
  reason: string;
  /** The pattern text. */
  pattern: string;
  /** The explanation, as `explain` gives it: its texts are `pattern` and the arrival's `event`. */
  explanation: Explanation;
  /** What each target received, when the rule delivered. */
  deliveries: Delivery[];
}

/** What one target received. */
export interface Delivery {
  /** The target id. */
  targetId: string;
  /** The target ARN. */
  arn: string;
  /** Which kind of input the target takes. */
  input: TargetInputKind;
  /** The exact text sent, when something was sent. */
  payload: string | null;
  /** Why nothing was sent (an `InputPath` that selects nothing). */
  note: string | null;
}

/** One rule, for a routing table. */
export interface RuleSummary {
  /** The name. */
  name: string;
  /** The bus name. */
  bus: string;
  /** The Region. */
  region: string;
  /** The ARN. */
  arn: string;
  /** The state. */
  state: RuleState;
  /** The pattern text. */
  pattern: string;
  /** The targets, in order. */
  targets: TargetSummary[];
}

/** One target, for a routing table. */
export interface TargetSummary {
  /** The id. */
  id: string;
  /** The ARN. */
  arn: string;
  /** Which kind of input it takes. */
  input: TargetInputKind;
  /** The `Input` text, the `InputPath`, or the `InputTemplate`. */
  text: string | null;
  /** An input transformer's variables and their paths. */
  variables: [name: string, path: string][];
}

/** A checked global endpoint. */
export interface EndpointSummary {
  /** The name. */
  name: string;
  /** The id PutEvents uses. */
  id: string;
  /** The ARN (in the primary Region). */
  arn: string;
  /** The primary Region. */
  primaryRegion: string;
  /** The secondary Region. */
  secondaryRegion: string;
  /** The bus name, the same in both Regions. */
  bus: string;
  /** The primary Region's health check. */
  healthCheck: string;
  /** Whether events are copied to the other Region. */
  replication: boolean;
}

/** What a `BusConfigError` carries besides its message. */
export interface BusConfigErrorDetails {
  /** Where and why, in one line. */
  message: string;
  /** Why alone: AWS's own message where the API has one. */
  reason: string;
  /** Where in the definitions: `[2].Targets[0].InputTransformer.InputTemplate`, … (empty for the whole text). */
  location: string;
  /** 1-based line in the rules text: where it cannot be parsed, or where the fault is. */
  line: number | null;
  /** 1-based column in the rules text (as its JSON or YAML reader counts, for text that cannot be parsed). */
  column: number | null;
  /** The part of `fieldText` at fault, when known. */
  span: TextSpan | null;
  /** The field's text (a pattern, a template, a path, an `Input`) that `span` points into. */
  fieldText: string | null;
  /** The pattern's own error when the fault is in an event pattern (its `source` is `fieldText`). */
  patternError: PatternError | null;
  /** The rules text. */
  source: string;
}

/** A `BusConfigError`'s fields (see `BusConfigErrorDetails`). */
export interface BusConfigError extends Readonly<Omit<BusConfigErrorDetails, 'message'>> {}

/**
 * A rule, target or endpoint definition EventBridge would refuse, or rules text that cannot be
 * read. Its fields are those of `BusConfigErrorDetails`; `message` says where and why.
 */
export class BusConfigError extends detailedError<BusConfigErrorDetails>('BusConfigError') {}

/** What a `BusRequestError` carries besides its message. */
export interface BusRequestErrorDetails {
  /** AWS's error code: `ValidationException`, `SerializationException`, `ResourceNotFoundException`. */
  code: string;
  /** AWS's message. */
  message: string;
  /** The request text. */
  source: string;
}

/** A `BusRequestError`'s fields (see `BusRequestErrorDetails`). */
export interface BusRequestError extends Readonly<Omit<BusRequestErrorDetails, 'message'>> {}

/**
 * A PutEvents request refused as a whole, as the API refuses it (no entry is processed): its
 * `code` is AWS's error code, its `message` AWS's message. Entries that fail alone are not
 * thrown: they are in the response, as the API returns them.
 */
export class BusRequestError extends detailedError<BusRequestErrorDetails>('BusRequestError') {}

/** What the raw layer throws for refused bus input (its `class` names ours). */
type BusFailure =
  | ({ class: 'BusConfigError' } & Omit<BusConfigErrorDetails, 'source' | 'patternError'> & {
        patternError: ({ class: 'PatternError' } & Omit<PatternErrorDetails, 'source'>) | null;
      })
  | ({ class: 'BusRequestError' } & Omit<BusRequestErrorDetails, 'source'>)
  | { class: 'InvalidOption'; option: string; message: string };

/**
 * What the raw layer's `putEvents` returns: the engine's outcome (snake_case names, explanations
 * emptied) and the explanation of each rule verdict, in the outcome's order.
 */
interface RawOutcome {
  outcome: unknown;
  explanations: Omit<Explanation, 'patternText' | 'eventText'>[];
}

/** The `class` of every `BusFailure`. */
const BUS_FAILURES: readonly BusFailure['class'][] = ['BusConfigError', 'BusRequestError', 'InvalidOption'];

/** The error to throw for what the raw layer threw; `source` is the text the call read. */
function lift(thrown: unknown, source: string): unknown {
  if (!isFailure<BusFailure>(thrown, BUS_FAILURES)) return thrown;
  switch (thrown.class) {
    case 'BusConfigError': {
      const { class: _, patternError, ...details } = thrown;
      let nested: PatternError | null = null;
      if (patternError !== null) {
        const { class: _tag, ...pattern } = patternError;
        nested = new PatternError({ ...pattern, source: details.fieldText ?? '' });
      }
      return new BusConfigError({ ...details, patternError: nested, source });
    }
    case 'BusRequestError': {
      const { class: _, ...details } = thrown;
      return new BusRequestError({ ...details, source });
    }
    case 'InvalidOption':
      return new RangeError(`eventlens: the option \`${thrown.option}\` is not valid: ${thrown.message}`);
  }
}

/** Runs a raw call, throwing our error classes for refused input. */
const guarded = guardCalls(busReady, lift);

/** Throws a TypeError naming `option` unless `ok`. */
function check(ok: boolean, option: string, expected: string): void {
  if (!ok) throw new TypeError(`eventlens: the option \`${option}\` must be ${expected}`);
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The settings text (the engine's `BusSettings`) and the endpoints text of `options`. */
function busSettings(options: BusOptions | undefined): { settings: string; endpoints: string } {
  check(options === undefined || isRecord(options), 'options', 'an object');
  const { account, region, stackName, parameters, imports, endpoints } = options ?? {};
  for (const [name, value] of Object.entries({ account, region, stackName })) {
    check(value === undefined || isString(value), name, 'a string');
  }
  for (const [option, map] of Object.entries({ parameters, imports })) {
    if (map === undefined) continue;
    check(isRecord(map), option, 'an object of strings');
    for (const [name, value] of Object.entries(map)) {
      check(isString(value), `${option}.${name}`, 'a string');
    }
  }
  check(endpoints === undefined || Array.isArray(endpoints), 'endpoints', 'an array of endpoint definitions');
  return {
    settings: JSON.stringify({ account, region, stack_name: stackName, parameters, imports }),
    endpoints: jsonText(endpoints ?? [], 'endpoints'),
  };
}

/** The largest seed. */
const SEED_LIMIT = 2n ** 64n;

/** The raw arguments of `options`: the time as text, the seed, the unhealthy list. */
function putOptions(options: PutEventsOptions | undefined): [string, bigint, string[]] {
  check(options === undefined || isRecord(options), 'options', 'an object');
  const { now, seed, unhealthy } = options ?? {};
  let time: string;
  if (now === undefined) {
    time = new Date().toISOString();
  } else if (now instanceof Date) {
    check(!Number.isNaN(now.getTime()), 'now', 'a valid Date');
    time = now.toISOString();
  } else {
    check(isString(now), 'now', 'an RFC 3339 string or a Date');
    time = now;
  }
  let big: bigint;
  if (seed === undefined) {
    big = BigInt(Math.floor(Math.random() * Number.MAX_SAFE_INTEGER));
  } else {
    const whole = typeof seed === 'bigint' || Number.isSafeInteger(seed);
    big = whole ? BigInt(seed) : -1n;
    check(big >= 0n && big < SEED_LIMIT, 'seed', 'an integer from 0 to 2^64 - 1');
  }
  check(unhealthy === undefined || (Array.isArray(unhealthy) && unhealthy.every(isString)), 'unhealthy', 'an array of strings');
  return [time, big, [...(unhealthy ?? [])]];
}

/**
 * `value` with every snake_case key in camelCase: the engine's serde names as the package writes
 * them. (Values are left alone; the outcome holds no user-named keys, only texts.)
 */
function camelKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()), camelKeys(v)]),
  );
}

/** The outcome, with each rule verdict's explanation and its texts (the pattern and the event). */
function assemble(raw: RawOutcome): PutEventsOutcome {
  const outcome = camelKeys(raw.outcome) as PutEventsOutcome;
  let next = 0;
  for (const entry of outcome.entries) {
    for (const arrival of entry.arrivals) {
      for (const verdict of arrival.rules) {
        verdict.explanation = { ...raw.explanations[next++], patternText: verdict.pattern, eventText: arrival.event };
      }
    }
  }
  return outcome;
}

/**
 * The rules and global endpoints of one account, across Regions and buses, ready for PutEvents
 * requests. Throws `BusConfigError` for a definition EventBridge would refuse. Its WebAssembly
 * memory is released by `free()`, or by the garbage collector some time after the object
 * becomes unreachable.
 */
export class Bus {
  #bus: raw.EventBus | undefined;
  /** The rules text it was loaded from. */
  readonly source: string;

  /** Loads rules (see `BusRulesInput`) with `options`; throws `BusConfigError`. */
  constructor(rules: BusRulesInput, options?: BusOptions) {
    const text = jsonText(rules, 'rules');
    const { settings, endpoints } = busSettings(options);
    this.source = text;
    this.#bus = guarded(() => new raw.EventBus(text, settings, endpoints), text);
  }

  #live(): raw.EventBus {
    if (this.#bus === undefined) throw freed('Bus');
    return this.#bus;
  }

  /** The rules, in definition order: where each lives, its pattern and what its targets receive. */
  get rules(): RuleSummary[] {
    const bus = this.#live();
    return guarded(() => camelKeys(bus.rules()) as RuleSummary[], this.source);
  }

  /** The global endpoints. */
  get endpoints(): EndpointSummary[] {
    const bus = this.#live();
    return guarded(() => camelKeys(bus.endpoints()) as EndpointSummary[], this.source);
  }

  /** What loading left out or could not model (scheduled rules, SAM events of other types, …). */
  get notes(): string[] {
    const bus = this.#live();
    return guarded(() => bus.notes(), this.source);
  }

  /**
   * Runs a PutEvents request: the API's checks, then for each accepted entry its event on every
   * bus it reaches, every rule of those buses (with explanations) and what each target receives.
   * Entries that fail are in the response, as the API returns them; a request refused as a
   * whole throws `BusRequestError`.
   */
  putEvents(request: PutEventsInput, options?: PutEventsOptions): PutEventsOutcome {
    const bus = this.#live();
    const text = jsonText(request, 'request');
    const [now, seed, unhealthy] = putOptions(options);
    return assemble(guarded(() => bus.putEvents(utf8(text), now, seed, unhealthy) as RawOutcome, text));
  }

  /**
   * Puts events that AWS services or SaaS partners send themselves (PutEvents refuses their
   * `aws.` sources): each is completed as the service sends it (id, time, account, region filled
   * when missing) and arrives on its bus (`default`, or a partner source's partner event bus) in
   * its Region. The outcome has one entry per event; `unhealthy` does not apply.
   */
  putServiceEvents(events: ServiceEventsInput, options?: PutEventsOptions): PutEventsOutcome {
    const bus = this.#live();
    const text = jsonText(events, 'events');
    const [now, seed] = putOptions(options);
    return assemble(guarded(() => bus.putServiceEvents(utf8(text), now, seed) as RawOutcome, text));
  }

  /** Releases the bus; using it afterwards throws. Calling it twice is harmless. */
  free(): void {
    this.#bus?.free();
    this.#bus = undefined;
  }
}

/** Loads `rules`, runs one PutEvents `request` on them and releases the bus (see `Bus`). */
export function putEvents(
  rules: BusRulesInput,
  request: PutEventsInput,
  options?: BusOptions & PutEventsOptions,
): PutEventsOutcome {
  const bus = new Bus(rules, options);
  try {
    return bus.putEvents(request, options);
  } finally {
    bus.free();
  }
}
