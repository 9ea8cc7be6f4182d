// Uses every export of `eventlens` the way a TypeScript project would; `tsc --noEmit` must accept
// it with strict settings and library checks on. The `@ts-expect-error` lines prove the types
// are real: each must be an error, so `any` anywhere would fail the check.

import {
  compile,
  EventError,
  explain,
  matches,
  Pattern,
  PatternError,
  RuleSet,
  validate,
} from 'eventlens';
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
  TextSpan,
  ValidationResult,
  ValueReport,
} from 'eventlens';

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
