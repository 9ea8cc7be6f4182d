// Uses every export of `eventlens` and `eventlens/bus` the way a TypeScript project would;
// `tsc --noEmit` must accept it with strict settings and library checks on. The `@ts-expect-error` lines prove the types
// are real: each must be an error, so `any` anywhere would fail the check.

import { compile, EventError, explain, matches, Pattern, PatternError, RuleSet, validate } from 'eventlens';
import type {
  CombinationReport,
  Condition,
  EventErrorDetails,
  EventErrorKind,
  EventInput,
  Explanation,
  MatcherReport,
  MatchOptions,
  OrBranch,
  PatternErrorDetails,
  PatternErrorKind,
  PatternInput,
  Range,
  RuleSetOptions,
  TextSpan,
  Validation,
  ValidationResult,
  ValueReport,
} from 'eventlens';
import { Bus, BusConfigError, BusRequestError, PatternError as BusPatternError, putEvents } from 'eventlens/bus';
import type {
  Arrival,
  ArrivalRoute,
  BusConfigErrorDetails,
  BusDefinitions,
  BusOptions,
  BusRequestErrorDetails,
  BusRulesInput,
  CloudFormationTemplate,
  Delivery,
  DetailFault,
  EndpointDefinition,
  EndpointSummary,
  EntryError,
  EntryReport,
  Explanation as BusExplanation,
  PutEventsInput,
  PutEventsOptions,
  PutEventsOutcome,
  PutEventsRequest,
  PutEventsRequestEntry,
  PutEventsResponse,
  PutEventsResultEntry,
  RuleDefinition,
  RuleState,
  RuleSummary,
  RuleVerdict,
  TargetDefinition,
  TargetInputKind,
  TargetSummary,
  TextSpan as BusTextSpan,
} from 'eventlens/bus';

/** Compiles only when `A` and `B` are the same type. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function same<A, B>(proof: Equal<A, B>): void {
  void proof;
}

const pattern: PatternInput = { source: ['app.orders'], detail: { total: [{ numeric: ['>', 100] }] } };
const event: EventInput = '{"source": "app.orders", "detail": {"total": 250}}';
const options: MatchOptions = { testEventPattern: false };

const checked: ValidationResult = validate(pattern);
if (checked.ok) {
  // @ts-expect-error: a valid result has no errors
  void checked.errors;
} else {
  const first: PatternError = checked.errors[0];
  const kind: PatternErrorKind = first.kind;
  const where: [number, number, string, string] = [first.line, first.column, first.reason, first.source];
  void [kind, where];
}
// @ts-expect-error: validate takes a pattern
validate();
// @ts-expect-error: a number is neither JSON text nor an object
validate(42);

const hit: boolean = matches(pattern, event, options);
// @ts-expect-error: the verdict is a boolean
const notText: string = matches(pattern, event);
// @ts-expect-error: no such option
matches(pattern, event, { envelope: true });

const why: Explanation = explain(pattern, event);
const texts: [string, string, boolean, number] = [why.patternText, why.eventText, why.matched, why.best];
const combination: CombinationReport = why.combinations[why.best];
same<CombinationReport['note'], string | null>(true);
same<Condition['suggestion'], string | null>(true);
same<Condition['valuesOmitted'], number>(true);
const branch: OrBranch | undefined = combination.branches[0];
const condition: Condition = combination.conditions[0];
const matcher: MatcherReport = condition.matchers[0];
const value: ValueReport = condition.values[0];
const span: TextSpan = value.span;
const range: Range = span.utf16;
const slice: string = why.eventText.slice(range.start, range.end);
same<typeof condition.held, boolean>(true);
same<typeof matcher.operator, string>(true);
same<typeof value.matchers, number[]>(true);
// @ts-expect-error: spans are objects, not numbers
const flat: number = condition.patternSpan;
void [hit, notText, texts, slice, flat, branch, condition.keySpan.bytes.end, matcher.span.bytes.start];

const compiled: Pattern = compile(pattern);
const again: Pattern = new Pattern('{"a": ["1"]}');
const source: string = compiled.source;
same<ReturnType<Pattern['matches']>, boolean>(true);
same<ReturnType<Pattern['explain']>, Explanation>(true);
same<ReturnType<Pattern['free']>, void>(true);
void [compiled.matches(event, options), compiled.explain(event).matched, source];
compiled.free();
again.free();

const rules = new RuleSet();
rules.add('orders', pattern);
rules.add('text', '{"a": ["1"]}');
const removed: boolean = rules.remove('text');
const names: string[] = rules.names();
const size: number = rules.size;
const matched: string[] = rules.matches(event, { testEventPattern: true });
// @ts-expect-error: size is read-only
rules.size = 3;
// @ts-expect-error: rules have names
rules.add(pattern);
void [removed, names, size, matched];
rules.free();

const structureOnly: RuleSetOptions = { validation: 'structure' };
const fast = new RuleSet(structureOnly);
const level: Validation = fast.validation;
fast.validation = 'full';
same<Validation, 'full' | 'structure'>(true);
// @ts-expect-error: not a validation level
fast.validation = 'none';
// @ts-expect-error: not a validation level
new RuleSet({ validation: 'fast' });
void level;
fast.free();

// The bus entry shares the main entry's error class and result types.
same<typeof BusPatternError, typeof PatternError>(true);
same<BusExplanation, Explanation>(true);
same<BusTextSpan, TextSpan>(true);
// @ts-expect-error: the bus is in `eventlens/bus`
export type NoBus = import('eventlens').Bus;

try {
  matches('{"a": []}', '{}');
} catch (e) {
  if (e instanceof PatternError) {
    const details: PatternErrorDetails = e;
    void details;
  } else if (e instanceof EventError) {
    const kind: EventErrorKind = e.kind;
    const details: EventErrorDetails = e;
    // @ts-expect-error: event errors have no event-ruler reason
    void e.reason;
    void [kind, details];
  }
}
const made = new PatternError({
  kind: 'invalid',
  reason: 'Empty arrays are not allowed',
  message: 'Event pattern is not valid. Reason: Empty arrays are not allowed',
  line: 1,
  column: 7,
  span: { bytes: { start: 6, end: 8 }, utf16: { start: 6, end: 8 } },
  source: '{"a": []}',
});
const error: Error = made;
// @ts-expect-error: not a kind of pattern error
const wrongKind: PatternErrorKind = 'missing-envelope';
void [error, wrongKind];

// The event bus: rule definitions in, a PutEvents outcome out (in a block: its names are its own).
{
  const target: TargetDefinition = {
    Id: 'notify',
    Arn: 'arn:aws:sns:us-east-1:123456789012:runs',
    InputTransformer: { InputPathsMap: { status: '$.detail.status' }, InputTemplate: '"run is <status>"' },
  };
  const rule: RuleDefinition = { Name: 'runs', EventPattern: { source: ['aws.omics'] }, State: 'ENABLED', Targets: [target] };
  // @ts-expect-error: not a rule state
  const badState: RuleDefinition = { Name: 'runs', State: 'PAUSED' };
  const endpoint: EndpointDefinition = {
    Name: 'lab-endpoint',
    RoutingConfig: { FailoverConfig: { Primary: { HealthCheck: 'arn:aws:route53:::healthcheck/x' }, Secondary: { Route: 'us-west-2' } } },
    EventBuses: [{ EventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/lab' }],
  };
  const definitions: BusDefinitions = { Rules: [rule], Endpoints: [endpoint] };
  const template: CloudFormationTemplate = { Resources: { Rule: { Type: 'AWS::Events::Rule' } }, Parameters: {} };
  const inputs: BusRulesInput[] = ['- Name: runs\n', [rule], rule, definitions, template];
  // @ts-expect-error: rules are text or definitions, not a number
  const notRules: BusRulesInput = 42;

  const busOptions: BusOptions = { account: '123456789012', region: 'eu-west-1', stackName: 'lab', parameters: { Bucket: 'b' }, endpoints: [endpoint] };
  // @ts-expect-error: parameter values are strings
  const badParameters: BusOptions = { parameters: { Port: 80 } };
  const bus = new Bus(definitions, busOptions);
  const source: string = bus.source;

  const entry: PutEventsRequestEntry = { Source: 'aws.omics', DetailType: 'Run Status Change', Detail: '{"status": "COMPLETED"}', Time: new Date() };
  // @ts-expect-error: Detail is JSON text, as the API takes it
  const objectDetail: PutEventsRequestEntry = { Detail: { status: 'COMPLETED' } };
  const request: PutEventsRequest = { Entries: [entry], EndpointId: 'lab-endpoint' };
  const requests: PutEventsInput[] = [request, [entry], '{"Entries": []}'];
  const putOptions: PutEventsOptions = { now: '2024-01-01T00:00:00Z', seed: 7n, unhealthy: ['lab-endpoint'] };
  // @ts-expect-error: now is text or a Date
  bus.putEvents(request, { now: 1700000000 });

  const outcome: PutEventsOutcome = bus.putEvents(request, putOptions);
  const response: PutEventsResponse = outcome.response;
  const count: number = response.FailedEntryCount;
  const result: PutEventsResultEntry = response.Entries[0];
  const ids: [string | undefined, string | undefined, string | undefined] = [result.EventId, result.ErrorCode, result.ErrorMessage];
  // @ts-expect-error: the response keeps the API's PascalCase
  void response.failedEntryCount;
  const report: EntryReport = outcome.entries[0];
  const failure: EntryError | null = report.error;
  const fault: DetailFault | null = failure?.detail ?? null;
  const place: [string, number, number] | null = fault && [fault.reason, fault.line, fault.column];
  void place;
  const eventId: string | null = report.eventId;
  const arrival: Arrival = report.arrivals[0];
  const route: ArrivalRoute = arrival.route;
  if (route.kind === 'replica') {
    const from: string = route.from;
    void from;
  } else if (route.kind !== 'direct') {
    const name: string = route.endpoint;
    void name;
  }
  const verdict: RuleVerdict = arrival.rules[0];
  const state: RuleState = verdict.state;
  const why: Explanation = verdict.explanation;
  const condition: Condition = why.combinations[why.best].conditions[0];
  const span: TextSpan = condition.keySpan;
  const key: string = why.patternText.slice(span.utf16.start, span.utf16.end);
  const delivery: Delivery = verdict.deliveries[0];
  const payload: string | null = delivery.payload;
  const kind: TargetInputKind = delivery.input;
  same<Delivery['targetId'], string>(true);
  // @ts-expect-error: targetId, not target_id
  void delivery.target_id;

  const table: RuleSummary[] = bus.rules;
  const targetSummary: TargetSummary = table[0].targets[0];
  const variables: [string, string][] = targetSummary.variables;
  const endpoints: EndpointSummary[] = bus.endpoints;
  const secondary: string = endpoints[0].secondaryRegion;
  const notes: string[] = bus.notes;
  // @ts-expect-error: the rules are read-only
  bus.rules = [];
  bus.free();

  const once: PutEventsOutcome = putEvents([rule], [entry], { region: 'us-west-2', seed: 1, now: new Date() });
  // @ts-expect-error: putEvents needs a request
  putEvents([rule]);

  try {
    new Bus('[{"Name": "r", "EventPattern": "{\\"a\\": []}"}]');
  } catch (e) {
    if (e instanceof BusConfigError) {
      const details: BusConfigErrorDetails = e;
      const where: [string, string, number | null, number | null] = [e.location, e.reason, e.line, e.column];
      const nested: PatternError | null = e.patternError;
      const field: string | null = e.fieldText;
      void [details, where, nested, field, e.span?.utf16.start];
    } else if (e instanceof BusRequestError) {
      const details: BusRequestErrorDetails = e;
      const code: string = e.code;
      // @ts-expect-error: request errors have no location
      void e.location;
      void [details, code];
    }
  }

  void [badState, inputs, notRules, badParameters, source, objectDetail, requests, count, ids, failure, eventId, state, key, payload, kind];
  void [variables, secondary, notes, once];
}
