// (d) The shapes that cross from Rust to TypeScript agree: every object the package returns or
// throws (an explanation, a bus outcome and its parts, rule and endpoint summaries, suite runs,
// every error's details) has exactly the keys its declared TypeScript type lists, at every depth,
// with values of the declared kinds (string, number, boolean, the listed string literals, null
// only where the type allows it). Those objects are the Rust types' serde output (the bus's
// with its snake_case names in camelCase), so a field added, removed or renamed on one side
// only fails here. The declarations are read from the installed package by the TypeScript
// compiler; every mirrored type must be reached.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { importPackage, repoRoot, requirePackage, scratchProject } from './support/package.mjs';

const ts = createRequire(join(repoRoot, 'package.json'))('typescript');
const lib = await importPackage();
const busLib = requirePackage('eventlens/bus');

/** The exported types of the package's two entries, by name, and the checker that reads them. */
function declarations() {
  const probe = join(scratchProject(), 'shapes-probe.ts');
  writeFileSync(probe, "export * as main from 'eventlens';\nexport * as bus from 'eventlens/bus';\n");
  const program = ts.createProgram([probe], {
    strict: true,
    noEmit: true,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    target: ts.ScriptTarget.ES2022,
    types: [],
  });
  const checker = program.getTypeChecker();
  const types = new Map();
  for (const statement of program.getSourceFile(probe).statements) {
    const module = checker.getSymbolAtLocation(statement.moduleSpecifier);
    assert.ok(module, `${statement.moduleSpecifier.text} resolves`);
    for (const exported of checker.getExportsOfModule(module)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      if (symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias)) {
        types.set(exported.name, checker.getDeclaredTypeOfSymbol(symbol));
      }
    }
  }
  return { checker, types };
}

const { checker, types } = declarations();
const F = ts.TypeFlags;

/** The declared type `name`. */
function declared(name) {
  const type = types.get(name);
  assert.ok(type, `the package declares ${name}`);
  return type;
}

/** The name of a declared object type, for the list of types reached. */
const typeName = (type) => type.aliasSymbol?.name ?? type.symbol?.name;

/**
 * Compares `value` with `type`; returns the differences (`where: what`), and adds the name of
 * every named object type it reached to `reached`.
 */
function compare(value, type, where, reached) {
  const problems = [];
  const walk = (v, t, at) => {
    if (t.isUnion()) {
      const nullable = t.types.some((m) => m.flags & (F.Null | F.Undefined));
      if (v === null || v === undefined) {
        if (!nullable) problems.push(`${at}: ${v}, but the type is not nullable`);
        return;
      }
      const members = t.types.filter((m) => !(m.flags & (F.Null | F.Undefined)));
      if (members.every((m) => m.isStringLiteral())) {
        const allowed = members.map((m) => m.value);
        if (!allowed.includes(v)) problems.push(`${at}: ${JSON.stringify(v)} is not one of ${allowed.join(', ')}`);
        return;
      }
      if (members.every((m) => m.flags & F.BooleanLiteral)) {
        if (typeof v !== 'boolean') problems.push(`${at}: ${typeof v}, declared boolean`);
        return;
      }
      if (members.length === 1) return walk(v, members[0], at);
      // A union of object types (ArrivalRoute): the first member the value fits entirely.
      const fitting = members.find((m) => compare(v, m, at, new Set()).length === 0);
      if (fitting === undefined) {
        problems.push(`${at}: ${JSON.stringify(v)} fits no member of ${checker.typeToString(t)}`);
        return;
      }
      return walk(v, fitting, at);
    }
    if (v === null || v === undefined) {
      problems.push(`${at}: ${v}, but ${checker.typeToString(t)} is not nullable`);
      return;
    }
    if (t.flags & F.StringLiteral) {
      if (v !== t.value) problems.push(`${at}: ${JSON.stringify(v)}, declared ${JSON.stringify(t.value)}`);
      return;
    }
    for (const [flag, kind] of [
      [F.StringLike, 'string'],
      [F.NumberLike, 'number'],
      [F.BooleanLike, 'boolean'],
    ]) {
      if (t.flags & flag) {
        if (typeof v !== kind) problems.push(`${at}: ${typeof v}, declared ${kind}`);
        return;
      }
    }
    if (checker.isArrayType(t) || checker.isTupleType(t)) {
      if (!Array.isArray(v)) {
        problems.push(`${at}: not an array`);
        return;
      }
      const args = checker.getTypeArguments(t);
      v.forEach((item, i) => walk(item, checker.isTupleType(t) ? args[i] : args[0], `${at}[${i}]`));
      return;
    }
    if (t.flags & F.Object) {
      if (typeof v !== 'object' || Array.isArray(v)) {
        problems.push(`${at}: ${Array.isArray(v) ? 'an array' : typeof v}, declared ${checker.typeToString(t)}`);
        return;
      }
      // An error instance: its fields are those of its `…Details` type, `message` included.
      let fields = v;
      if (v instanceof Error) {
        const { name, ...rest } = Object.fromEntries(Object.keys(v).map((k) => [k, v[k]]));
        fields = { ...rest, message: v.message };
        t = declared(`${name}Details`);
      }
      if (checker.getPropertiesOfType(t).length === 0) return; // a Record of user-named keys
      const name = typeName(t);
      if (name && name !== '__type' && name !== '__object') reached.add(name);
      for (const d of keyDifferences(fields, t)) problems.push(`${at}: ${d}`);
      for (const prop of checker.getPropertiesOfType(t)) {
        if (prop.name in fields) walk(fields[prop.name], checker.getTypeOfSymbol(prop), `${at}.${prop.name}`);
      }
      return;
    }
    problems.push(`${at}: ${checker.typeToString(t)} is not a type this check reads`);
  };
  walk(value, type, where);
  return problems;
}

/** The keys `value` has that `type` does not declare, and the required ones it lacks. */
function keyDifferences(value, type) {
  const props = checker.getPropertiesOfType(type);
  const declaredKeys = new Set(props.map((p) => p.name));
  const differences = Object.keys(value)
    .filter((k) => !declaredKeys.has(k))
    .map((k) => `key ${k} is not declared`);
  for (const p of props) {
    if (!(p.flags & ts.SymbolFlags.Optional) && !(p.name in value)) differences.push(`declared key ${p.name} is missing`);
  }
  return differences;
}

/** The error `call` throws. */
function thrownBy(call) {
  try {
    call();
  } catch (e) {
    return e;
  }
  assert.fail('the call did not throw');
}

// A bus whose one request reaches every part of an outcome: a rule with `$or`, an input
// transformer, an `InputPath` that selects nothing and a constant `Input`; a disabled rule; a
// replicating global endpoint; a malformed entry.
const RULES = {
  Rules: [
    {
      Name: 'orders',
      EventPattern: { source: ['shop'], $or: [{ detail: { n: [{ numeric: ['>', 1] }] } }, { detail: { s: [{ prefix: 'x' }] } }] },
      Targets: [
        { Id: 'shaped', Arn: 'arn:aws:sqs:us-east-1:123456789012:q', InputTransformer: { InputPathsMap: { n: '$.detail.n' }, InputTemplate: '{"n": <n>}' } },
        { Id: 'nothing', Arn: 'arn:aws:sqs:us-east-1:123456789012:r', InputPath: '$.detail.missing' },
        { Id: 'constant', Arn: 'arn:aws:sqs:us-east-1:123456789012:s', Input: '{"k": 1}' },
      ],
    },
    { Name: 'paused', State: 'DISABLED', EventPattern: { detail: { items: { id: ['a'] } } }, Targets: [{ Id: 't', Arn: 'arn:aws:sqs:us-east-1:123456789012:q' }] },
  ],
  Endpoints: [
    {
      Name: 'e',
      RoutingConfig: { FailoverConfig: { Primary: { HealthCheck: 'hc' }, Secondary: { Route: 'us-west-2' } } },
      EventBuses: [
        { EventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/default' },
        { EventBusArn: 'arn:aws:events:us-west-2:123456789012:event-bus/default' },
      ],
    },
  ],
};
const ENTRIES = [
  { Source: 'shop', DetailType: 'd', Detail: '{"n": 2, "items": [{"id": "b"}, {"id": "c"}]}' },
  { Source: 'shop', DetailType: 'd', Detail: '{"n": ' },
];
const NOW = '2024-01-01T00:00:00Z';

/** Every value to compare, with the name of its declared type. */
function samples() {
  const bus = new busLib.Bus(RULES);
  const values = [
    ['Explanation', lib.explain('{"$or": [{"a": ["😀"]}, {"b": {"c": [{"numeric": [">", 1]}]}}]}', '{"a": ["x", "😀"], "b": [{"c": 0}, {"c": 1}]}')],
    ['Explanation', lib.explain({ a: [{ prefix: 'x' }], b: [1] }, { a: ['yx', 'za'], b: [2], c: 1 })],
    ['Explanation', lib.compile({ x: { y: ['a'], z: ['b'] } }).explain({ x: [{ y: 'a' }, { z: 'b' }] })],
    ['PatternError', thrownBy(() => lib.compile('{"a": []}'))],
    ['PatternError', lib.validate('{"a": [{"numeric": [">"]}]}').errors[0]],
    ['EventError', thrownBy(() => lib.matches({ a: [1] }, '{"a": tru}'))],
    ['EventError', thrownBy(() => lib.matches({ a: [1] }, '{"a": 1}', { testEventPattern: true }))],
    ['PutEventsOutcome', bus.putEvents({ EndpointId: 'e', Entries: ENTRIES }, { now: NOW, seed: 1 })],
    ['PutEventsOutcome', bus.putEvents({ EndpointId: 'e', Entries: ENTRIES }, { now: NOW, seed: 1, unhealthy: ['e'] })],
    ['PutEventsOutcome', bus.putEvents(ENTRIES, { now: NOW, seed: 1 })],
    ['RuleSummary[]', bus.rules],
    ['EndpointSummary[]', bus.endpoints],
    ['BusConfigError', thrownBy(() => new busLib.Bus({ Rules: [{ Name: 'r', EventPattern: '{"a": []}' }] }))],
    ['BusConfigError', thrownBy(() => new busLib.Bus('Rules: [unclosed'))],
    ['BusRequestError', thrownBy(() => bus.putEvents({ Entries: [] }))],
  ];
  bus.free();
  return values;
}

/** Compares a sample with its declared type: `Name` (an error class stands for its details) or `Name[]`. */
function compareSample(name, value, reached) {
  if (!name.endsWith('[]')) return compare(value, declared(name.replace(/Error$/, 'ErrorDetails')), name, reached);
  assert.ok(Array.isArray(value) && value.length > 0, `${name} holds items`);
  const item = declared(name.slice(0, -2));
  return value.flatMap((v, i) => compare(v, item, `${name.slice(0, -2)}[${i}]`, reached));
}

test('every object the package returns or throws has the keys of its declared type', async () => {
  const reached = new Set();
  const problems = [];
  const all = [...samples()];
  const suite = 'patterns:\n  p: {"a": [1]}\nevents:\n  e: {"a": 1}\n  f: {"a": 2}\nexpect:\n  p:\n    match: [f]\n    no-match: [e]\n';
  all.push(['SuiteRun', await lib.runSuite(suite)]);
  all.push(['SuiteError', await lib.runSuite('patterns:\n  p: {"a": []}\n').then(() => assert.fail('runs'), (e) => e)]);
  for (const [name, value] of all) problems.push(...compareSample(name, value, reached));
  assert.deepEqual(problems, []);
  const routes = all
    .filter(([name]) => name === 'PutEventsOutcome')
    .flatMap(([, outcome]) => outcome.entries.flatMap((e) => e.arrivals.map((a) => a.route.kind)));
  assert.deepEqual([...new Set(routes)].sort(), ['direct', 'failover', 'primary', 'replica'], 'every kind of route');
  const mirrored = [
    // The explanation (crates/eventlens-wasm/src/report.rs) and spans (utf16.rs).
    'Explanation', 'CombinationReport', 'OrBranch', 'Condition', 'MatcherReport', 'ValueReport', 'TextSpan', 'Range',
    // Refused input (failure.rs).
    'PatternErrorDetails', 'EventErrorDetails', 'BusConfigErrorDetails', 'BusRequestErrorDetails', 'SuiteErrorDetails',
    // The bus's report (the bus crate's outcome and summaries, through bus_report.rs).
    'PutEventsOutcome', 'PutEventsResponse', 'PutEventsResultEntry', 'EntryReport', 'EntryError', 'DetailFault',
    'Arrival', 'RuleVerdict', 'Delivery', 'RuleSummary', 'TargetSummary', 'EndpointSummary',
    // Suite runs (suite.rs).
    'SuiteRun', 'SuiteResult',
  ];
  assert.deepEqual(mirrored.filter((n) => !reached.has(n)), [], 'every mirrored type is reached');
});

test('the check sees a key the declarations lack, a missing key and a wrong kind', () => {
  const x = lib.explain({ a: ['x'] }, { a: 'x' });
  const reached = new Set();
  const renamed = structuredClone(x);
  const condition = renamed.combinations[0].conditions[0];
  condition.values_omitted = condition.valuesOmitted;
  delete condition.valuesOmitted;
  condition.held = 'yes';
  assert.deepEqual(compare(renamed, declared('Explanation'), 'x', reached), [
    'x.combinations[0].conditions[0]: key values_omitted is not declared',
    'x.combinations[0].conditions[0]: declared key valuesOmitted is missing',
    'x.combinations[0].conditions[0].held: string, declared boolean',
  ]);
});
