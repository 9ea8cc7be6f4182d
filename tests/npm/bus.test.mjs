// The event bus in the installed package (`Bus`, `putEvents` from the entry `eventlens/bus`):
// the bus crate's fixtures (crates/eventlens-bus/tests/fixtures/bus) routed through it, checked
// against their real payloads and against the native CLI's `eventlens bus --json` for the same
// inputs; errors, options, the `web` build (`eventlens/web/bus`), and how the entry stands apart
// from the main one (its own module, the same PatternError class).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { importPackage, repoRoot, requirePackage, scratchProject } from './support/package.mjs';
import { nativeBus } from './support/native.mjs';
import { thrown } from './support/thrown.mjs';

const lib = requirePackage('eventlens/bus');
const FIXTURES = 'crates/eventlens-bus/tests/fixtures/bus';
const fixture = (name) => readFileSync(join(repoRoot, FIXTURES, name), 'utf8');
const LAB_RULES = fixture('lab-rules.json');
const LAB_ENTRIES = fixture('lab-entries.json');
const LAB_SERVICE_EVENTS = fixture('lab-service-events.json');
const NOW = '2024-05-01T12:00:00Z';
const QUILT_PARAMS = { PackageBucket: 'example', PackageNamePrefix: 'some/', EmailToSubscribe: 'ops@example.com' };

/** Slices `text` by a byte range, as the engine does. */
const byteSlice = (text, { start, end }) => Buffer.from(text).subarray(start, end).toString();

/** The rule verdicts of an arrival, by rule name. */
const verdicts = (arrival) => Object.fromEntries(arrival.rules.map((r) => [r.rule, r]));

/** Names of the rules that delivered on an arrival. */
const delivered = (arrival) => arrival.rules.filter((r) => r.delivered).map((r) => r.rule);

/**
 * The package's outcome in the CLI's JSON form: snake_case names, spans as byte ranges, and the
 * explanations without the texts the package adds (they are the verdict's `pattern` and the
 * arrival's `event`, checked apart). Everything else must be equal.
 */
function engineForm(value) {
  if (Array.isArray(value)) return value.map(engineForm);
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (keys.length === 2 && 'bytes' in value && 'utf16' in value) return value.bytes;
  return Object.fromEntries(
    keys
      .filter((k) => k !== 'patternText' && k !== 'eventText')
      .map((k) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), engineForm(value[k])]),
  );
}

/** Asserts every span of every explanation slices the same text in both units. */
function assertSpansAgree(outcome) {
  let spans = 0;
  for (const entry of outcome.entries) {
    for (const arrival of entry.arrivals) {
      for (const verdict of arrival.rules) {
        const x = verdict.explanation;
        assert.equal(x.patternText, verdict.pattern);
        assert.equal(x.eventText, arrival.event);
        const same = (span, text) => {
          assert.equal(text.slice(span.utf16.start, span.utf16.end), byteSlice(text, span.bytes));
          spans += 1;
        };
        for (const c of x.combinations) {
          for (const b of c.branches) [b.orSpan, b.branchSpan].forEach((s) => same(s, x.patternText));
          for (const cond of c.conditions) {
            [cond.patternSpan, cond.keySpan, ...cond.matchers.map((m) => m.span)].forEach((s) => same(s, x.patternText));
            cond.values.forEach((v) => same(v.span, x.eventText));
          }
        }
      }
    }
  }
  return spans;
}

describe('the lab bus (every fixture source, a global endpoint, every kind of target input)', () => {
  const bus = new lib.Bus(LAB_RULES);
  const healthy = bus.putEvents(LAB_ENTRIES, { now: NOW, seed: 7 });
  // HealthOmics and Benchling put their events themselves (PutEvents refuses `aws.` sources).
  const service = bus.putServiceEvents(LAB_SERVICE_EVENTS, { now: NOW, seed: 7 });

  test('the response, as the API returns it: a failing entry among good ones', () => {
    const { response } = healthy;
    assert.equal(response.FailedEntryCount, 5);
    assert.equal(response.Entries.length, 8);
    [2, 3, 4].forEach((i) => {
      const e = response.Entries[i];
      assert.deepEqual(Object.keys(e), ['EventId'], `entry ${i}`);
      assert.match(e.EventId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.equal(healthy.entries[i].eventId, e.EventId);
    });
    const reserved = { ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' };
    [0, 1, 5].forEach((i) => assert.deepEqual(response.Entries[i], reserved, `entry ${i}`));
    assert.deepEqual(response.Entries[7], {
      ErrorCode: 'InvalidArgument',
      ErrorMessage: 'Parameter DetailType is not valid. Reason: DetailType is a required argument.',
    });
    const failed = healthy.entries[6];
    assert.deepEqual([failed.index, failed.eventId, failed.bus, failed.arrivals], [6, null, null, []]);
    assert.deepEqual(failed.error, {
      code: 'MalformedDetail',
      message: 'Detail is malformed.',
      detail: { reason: 'Detail must hold a JSON object; it holds an array', line: 1, column: 1 },
    });
    assert.equal(healthy.entries[7].error.detail, null);
    assert.equal(service.response.FailedEntryCount, 0);
  });

  test('payloads: input transformers (string and JSON templates), InputPath, Input, the whole event', () => {
    const primary = (i) => healthy.entries[i].arrivals[0];
    const payloads = (i, rule) => verdicts(primary(i))[rule].deliveries.map((d) => d.payload);
    const arrived = (i) => service.entries[i].arrivals[0];
    const servicePayloads = (i, rule) => verdicts(arrived(i))[rule].deliveries.map((d) => d.payload);
    const id = service.entries[0].eventId;

    const [notify, archive] = verdicts(arrived(0))['omics-run-finished'].deliveries;
    assert.deepEqual(notify, {
      targetId: 'notify',
      arn: 'arn:aws:sns:us-east-1:123456789012:run-notifications',
      input: 'input-transformer',
      payload: '"Run run name (1234567) is COMPLETED at 2022-10-20T22:07:35Z"',
      note: null,
    });
    assert.equal(
      archive.payload,
      `{"run":"1234567","status":"COMPLETED","resource":"arn:aws:omics:us-west-2:123456789012:run/2101313","summary":"run 1234567 wrote to s3://amzn-s3-demo-bucket/run-output/2101313","rule":"omics-run-finished","original":{"id":"${id}","account":"123456789012","detailType":"Run Status Change","time":"2022-10-20T22:07:35Z","source":"aws.omics","region":"us-east-1","resources":["arn:aws:omics:us-west-2:123456789012:run/2101313"],"version":"0"}}`,
    );

    // InputPath: the task event's detail, compact, exactly as the service gave it.
    const events = JSON.parse(LAB_SERVICE_EVENTS);
    const [task] = servicePayloads(1, 'omics-task-status');
    assert.equal(task, JSON.stringify(events[1].detail));
    assert.equal(verdicts(arrived(1))['omics-task-status'].deliveries[0].input, 'input-path');
    // Benchling's partner event, on its partner event bus.
    assert.equal(arrived(2).bus, 'aws.partner/benchling.com/tenant/sequence-integrations');
    assert.deepEqual(servicePayloads(2, 'benchling-registrations'), ['"seq_Cuf0bmCm"']);

    // A wildcard path gives a list; a value inside a string is its text, escaped.
    assert.deepEqual(payloads(2, 'tdp-images-searchable'), [
      '{"file":"your-org/6f49fk393kdk/RAW/plate_scan.TIFF","labels":["project_id","software"],"instrument":{"type":"empower"},"note":"your-org/6f49fk393kdk/RAW/plate_scan.TIFF from {\\"type\\":\\"empower\\"}"}',
    ]);
    // Input: the constant text, as written.
    assert.deepEqual(payloads(3, 'tdp-workflow-metrics'), ['{"metric": "workflow", "count": 1}']);
    // No input: the event itself, as it is on the bus.
    const [quilt] = verdicts(primary(4))['quilt-new-packages'].deliveries;
    assert.equal(quilt.input, 'event');
    assert.equal(quilt.payload, primary(4).event);
    const event = JSON.parse(quilt.payload);
    assert.deepEqual(Object.keys(event), ['version', 'id', 'detail-type', 'source', 'account', 'time', 'region', 'resources', 'detail']);
    assert.deepEqual([event.id, event.detail.handle, event.region], [healthy.entries[4].eventId, 'some/package', 'us-east-1']);
    // The Benchling event gave no time: the event has the ingestion time.
    assert.equal(JSON.parse(arrived(2).event).time, NOW);
  });

  test('every rule is reported: disabled rules and misses say why, with explanations', () => {
    const rules = verdicts(service.entries[0].arrivals[0]);
    const paused = rules['omics-everything-paused'];
    assert.deepEqual([paused.state, paused.matched, paused.delivered, paused.deliveries], ['DISABLED', true, false, []]);
    assert.equal(paused.reason, 'the pattern matches, but the rule is DISABLED');
    const task = rules['omics-task-status'];
    assert.equal(task.reason, '`detail-type` is "Run Status Change"; expected "Task Status Change"');
    assert.equal(task.explanation.matched, false);
    const miss = task.explanation.combinations[task.explanation.best].conditions.find((c) => !c.held);
    assert.equal(task.pattern.slice(miss.keySpan.utf16.start, miss.keySpan.utf16.end), '"detail-type"');
    const [value] = miss.values;
    assert.equal(task.explanation.eventText.slice(value.span.utf16.start, value.span.utf16.end), '"Run Status Change"');
    assert.ok(assertSpansAgree(healthy) + assertSpansAgree(service) > 100);
  });

  test('through the endpoint: the primary Region, and a replica in the secondary', () => {
    for (const entry of healthy.entries.slice(2, 5)) {
      const [primary, replica] = entry.arrivals;
      assert.deepEqual([primary.region, primary.bus, primary.route], ['us-east-1', 'lab', { kind: 'primary', endpoint: 'lab-endpoint' }]);
      assert.deepEqual([replica.region, replica.route, replica.deferred], ['us-west-2', { kind: 'replica', endpoint: 'lab-endpoint', from: 'us-east-1' }, false]);
      const copy = JSON.parse(replica.event);
      assert.deepEqual([copy.id, copy.region, copy.resources.at(-1)], [entry.eventId, 'us-east-1', 'arn:aws:events:us-east-1:123456789012:endpoint/lab-endpoint']);
      assert.ok(delivered(replica).includes('dr-audit'));
    }
  });

  test('an endpoint in failover: the secondary Region, the replica held for the primary', () => {
    for (const unhealthy of ['arn:aws:route53:::healthcheck/lab-primary', 'lab-endpoint', 'abcde.veo']) {
      const out = bus.putEvents(LAB_ENTRIES, { now: NOW, seed: 7, unhealthy: [unhealthy] });
      assert.equal(out.response.FailedEntryCount, 5);
      assert.deepEqual(out.response.Entries, healthy.response.Entries, 'the same seed gives the same ids');
      const [secondary, replica] = out.entries[2].arrivals;
      assert.deepEqual([secondary.region, secondary.route, secondary.deferred], ['us-west-2', { kind: 'failover', endpoint: 'lab-endpoint' }, false]);
      assert.equal(JSON.parse(secondary.event).region, 'us-west-2');
      assert.deepEqual(delivered(secondary), ['dr-audit']);
      assert.deepEqual([replica.region, replica.deferred, replica.route.from], ['us-east-1', true, 'us-west-2']);
      assert.deepEqual(delivered(replica), ['tdp-images-searchable']);
    }
    // The HealthOmics run reported in us-west-2 meets that Region's rule, with its ARN.
    const west = service.entries[3].arrivals[0];
    assert.deepEqual([west.region, west.bus], ['us-west-2', 'default']);
    assert.equal(
      verdicts(west)['omics-run-finished'].deliveries[0].payload,
      '"[DR] Run run name is COMPLETED (sent in us-west-2, rule arn:aws:events:us-west-2:123456789012:rule/omics-run-finished)"',
    );
  });

  test('the same outcome as the native CLI (eventlens bus --json), healthy and failed over', () => {
    const args = ['--rules', `${FIXTURES}/lab-rules.json`, '--entries', `${FIXTURES}/lab-entries.json`, '--now', NOW, '--seed', '7'];
    for (const unhealthy of [[], ['lab-endpoint']]) {
      const { status, outcome } = nativeBus([...args, ...unhealthy.flatMap((u) => ['--unhealthy', u])]);
      assert.equal(status, 1, 'some entries failed');
      const ours = bus.putEvents(LAB_ENTRIES, { now: NOW, seed: 7, unhealthy });
      assert.deepEqual(ours.response, outcome.response);
      assert.deepEqual(engineForm(ours.entries), outcome.entries);
      assert.deepEqual(bus.notes, outcome.notes);
    }
  });

  test('the routing table and the endpoints', () => {
    const table = bus.rules;
    assert.equal(table.length, 9);
    assert.deepEqual(
      table.map((r) => [r.name, r.region, r.state]).slice(6),
      [['benchling-registrations', 'us-east-1', 'ENABLED'], ['omics-run-finished', 'us-west-2', 'ENABLED'], ['dr-audit', 'us-west-2', 'ENABLED']],
    );
    const [notify] = table[0].targets;
    assert.deepEqual([notify.id, notify.input, notify.variables[0]], ['notify', 'input-transformer', ['name', '$.detail.runName']]);
    assert.equal(notify.text, '"Run <name> (<id>) is <status> at <at>"');
    // HealthOmics events arrive on the default bus: the rule lives there.
    assert.equal(table[0].arn, 'arn:aws:events:us-east-1:123456789012:rule/omics-run-finished');
    assert.equal(JSON.parse(table[0].pattern).detail.status.length, 3);
    assert.deepEqual(bus.endpoints, [
      {
        name: 'lab-endpoint',
        id: 'abcde.veo',
        arn: 'arn:aws:events:us-east-1:123456789012:endpoint/lab-endpoint',
        primaryRegion: 'us-east-1',
        secondaryRegion: 'us-west-2',
        bus: 'lab',
        healthCheck: 'arn:aws:route53:::healthcheck/lab-primary',
        replication: true,
      },
    ]);
    assert.deepEqual(bus.notes, []);
  });

  test('endpoints given as an option route like endpoints in the rules', () => {
    const { Rules, Endpoints } = JSON.parse(LAB_RULES);
    const split = new lib.Bus(Rules, { endpoints: Endpoints });
    assert.deepEqual(split.endpoints, bus.endpoints);
    assert.deepEqual(split.putEvents(JSON.parse(LAB_ENTRIES), { now: NOW, seed: 7, unhealthy: ['lab-endpoint'] }), bus.putEvents(LAB_ENTRIES, { now: NOW, seed: 7, unhealthy: ['lab-endpoint'] }));
    const twice = thrown(() => new lib.Bus(LAB_RULES, { endpoints: Endpoints }));
    assert.ok(twice instanceof lib.BusConfigError);
    assert.equal(twice.reason, 'Endpoint lab-endpoint is defined twice');
    split.free();
  });
});

describe('CloudFormation/SAM templates in YAML', () => {
  const quiltEntry = (prefix) => [
    {
      Source: 'com.quiltdata',
      DetailType: 'package-revision',
      Detail: JSON.stringify({ version: '0.1', type: 'created', bucket: 'example', handle: `${prefix}package` }),
    },
  ];

  test("Quilt's template: parameters, the SNS target, the same outcome as the CLI", () => {
    const bus = new lib.Bus(fixture('quilt-template.yaml'), { parameters: QUILT_PARAMS });
    const [rule] = bus.rules;
    // The rule has no Name: CloudFormation's kind of generated name.
    assert.match(rule.name, /^eventlens-EventBridgeRule-[A-Z0-9]{13}$/);
    assert.deepEqual([rule.bus, rule.targets[0].arn], ['default', 'arn:aws:sns:us-east-1:123456789012:SNSTopic']);
    const out = bus.putEvents(quiltEntry('some/'), { now: NOW, seed: 3 });
    const [arrival] = out.entries[0].arrivals;
    assert.deepEqual([arrival.route, arrival.region, arrival.bus], [{ kind: 'direct' }, 'us-east-1', 'default']);
    const [verdict] = arrival.rules;
    assert.equal(verdict.delivered, true);
    assert.deepEqual(verdict.deliveries.map((d) => [d.targetId, d.payload]), [['OpsTopic', arrival.event]]);
    const miss = bus.putEvents(quiltEntry('other/'), { now: NOW, seed: 3 }).entries[0].arrivals[0].rules[0];
    assert.equal(miss.matched, false);
    assert.equal(miss.reason, '`detail.handle` is "other/package"; expected { "prefix": "some/" }');

    const entries = join(scratchProject(), 'quilt-entries.json');
    writeFileSync(entries, JSON.stringify(quiltEntry('some/')));
    const params = Object.entries(QUILT_PARAMS).flatMap(([k, v]) => ['--param', `${k}=${v}`]);
    const native = nativeBus(['--rules', `${FIXTURES}/quilt-template.yaml`, '--entries', entries, '--now', NOW, '--seed', '3', ...params]);
    assert.equal(native.status, 0);
    assert.deepEqual(engineForm(out.entries), native.outcome.entries);
    bus.free();
  });

  test("Benchling's SAM template: the stack name, the bus parameter, a miss explained", () => {
    const partnerBus = 'aws.partner/benchling.com/t/app';
    const options = { parameters: { BenchlingEventBusName: partnerBus }, stackName: 'lab', account: '111122223333', region: 'eu-west-1' };
    const bus = new lib.Bus(fixture('benchling-lambda-template.yaml'), options);
    const [rule] = bus.rules;
    assert.deepEqual([rule.name, rule.bus, rule.region], ['TemplatePlasmidToLambda-lab', partnerBus, 'eu-west-1']);
    assert.equal(rule.arn, `arn:aws:events:eu-west-1:111122223333:rule/${partnerBus}/TemplatePlasmidToLambda-lab`);
    assert.equal(rule.targets[0].id, 'HandleEventLambda-lab');
    // Benchling puts its events on the partner event bus named like their source.
    const event = (name) => ({ source: partnerBus, 'detail-type': 'v2.request.created', detail: { schema: { name } } });
    const out = bus.putServiceEvents([event('Validated Request'), event('Draft')], { now: new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678)), seed: 1n });
    const [hit, draft] = out.entries.map((e) => e.arrivals[0]);
    const arrived = JSON.parse(hit.event);
    assert.deepEqual([arrived.account, arrived.region, arrived.time], ['111122223333', 'eu-west-1', '2024-01-02T03:04:05Z']);
    assert.equal(hit.rules[0].deliveries[0].arn, 'arn:aws:lambda:eu-west-1:111122223333:function:HandleEventLambda');
    assert.equal(draft.rules[0].reason, '`detail.schema.name` is "Draft"; expected "Validated Request"');
    assert.equal(draft.rules[0].explanation.combinations[0].conditions[0].suggestion, null);
    bus.free();
  });

  test('Conditions and imports: the option `imports` gives Fn::ImportValue its exports', () => {
    const text = fixture('conditions-template.yaml');
    const missing = thrown(() => new lib.Bus(text));
    assert.ok(missing instanceof lib.BusConfigError);
    assert.match(missing.reason, /^Fn::ImportValue shared-ops-topic-arn: no value was given/);
    const topic = 'arn:aws:sns:us-east-1:123456789012:shared-ops';
    const bus = new lib.Bus(text, { parameters: { Environment: 'prod' }, imports: { 'shared-ops-topic-arn': topic } });
    const [runs] = bus.rules;
    assert.deepEqual([runs.name, runs.targets[0].arn], ['lab-run-status', topic]);
    assert.ok(bus.notes.some((n) => n.includes('DevRunsRule: condition IsDev is false')));
    bus.free();
  });

  test('a template missing a parameter value is a BusConfigError saying which', () => {
    const text = fixture('quilt-template.yaml');
    const e = thrown(() => new lib.Bus(text));
    assert.ok(e instanceof lib.BusConfigError && e instanceof Error);
    assert.equal(e.name, 'BusConfigError');
    assert.match(e.reason, /parameter PackageNamePrefix has no Default/);
    assert.match(e.location, /^Resources\.EventBridgeRule\.Properties\.EventPattern/);
    // Where in the template: line and column, then the dotted path.
    assert.deepEqual([e.line, e.column], [32, 15]);
    assert.equal(e.message, `${e.location}: ${e.reason} (line 32, column 15)`);
    assert.equal(e.source, text);
  });
});

describe('putEvents (one shot)', () => {
  test('gives what a Bus gives, with the options of both', () => {
    const options = { now: NOW, seed: 7, unhealthy: ['lab-endpoint'] };
    const bus = new lib.Bus(LAB_RULES);
    assert.deepEqual(lib.putEvents(LAB_RULES, LAB_ENTRIES, options), bus.putEvents(LAB_ENTRIES, options));
    bus.free();
    // The lab entries sent straight to the default bus, where the Quilt template's rule lives.
    const request = JSON.parse(LAB_ENTRIES).Entries.map(({ EventBusName, ...entry }) => entry);
    const quilt = lib.putEvents(fixture('quilt-template.yaml'), request, { parameters: QUILT_PARAMS, now: NOW, seed: 1 });
    assert.equal(quilt.response.FailedEntryCount, 5, 'two bad entries, and three with aws. sources');
    const reached = quilt.entries.filter((e) => e.arrivals[0]?.rules[0].delivered).map((e) => [e.index, e.arrivals[0].bus]);
    assert.deepEqual(reached, [[4, 'default']]);
    assert.ok(lib.putEvents('[]', '[{"Source": "s", "DetailType": "d", "Detail": "{}"}]').response.Entries[0].EventId);
  });
});

describe('refusals', () => {
  const rule = (extra) => [{ Name: 'r', EventPattern: { source: ['s'] }, Targets: [{ Id: 't', Arn: 'arn:aws:sqs:us-east-1:123456789012:q', ...extra }] }];

  /** Asserts `e` is a BusConfigError of `source` at `location`, and returns it. */
  function configError(e, source, location) {
    assert.ok(e instanceof lib.BusConfigError, String(e));
    assert.ok(e instanceof Error);
    assert.equal(e.name, 'BusConfigError');
    assert.equal(e.source, source);
    assert.equal(e.location, location);
    assert.ok(e.message.includes(e.reason), e.message);
    assert.ok(e.stack.includes('BusConfigError'));
    assert.ok(!/panicked|unreachable|RuntimeError/.test(e.message), e.message);
    return e;
  }

  test("a bad pattern: the engine's PatternError, located in the pattern text", () => {
    const text = JSON.stringify([{ Name: 'r', EventPattern: '{"détail": {"ñ": []}}' }]);
    const e = configError(thrown(() => new lib.Bus(text)), text, '[0].EventPattern');
    assert.equal(e.reason, 'Event pattern is not valid. Reason: Empty arrays are not allowed');
    assert.equal(e.fieldText, '{"détail": {"ñ": []}}');
    const p = e.patternError;
    assert.ok(p instanceof lib.PatternError);
    assert.deepEqual([p.kind, p.reason, p.source], ['invalid', 'Empty arrays are not allowed', e.fieldText]);
    assert.equal(p.source.slice(p.span.utf16.start, p.span.utf16.end), '[]');
    assert.deepEqual(e.span, p.span);
    assert.equal(e.span.bytes.start, e.span.utf16.start + 2, 'é and ñ are two bytes each');
    // A pattern given as an object is checked as the text CloudFormation would send.
    const obj = configError(thrown(() => new lib.Bus(rule({}).map((r) => ({ ...r, EventPattern: { a: [{ nonsense: 1 }] } })))), JSON.stringify(rule({}).map((r) => ({ ...r, EventPattern: { a: [{ nonsense: 1 }] } }))), '[0].EventPattern');
    assert.equal(obj.patternError.kind, 'invalid');
    assert.equal(JSON.parse(obj.fieldText).a[0].nonsense, 1);
  });

  test("bad targets and templates: AWS's messages, spans in the field text", () => {
    const template = thrown(() => new lib.Bus(rule({ InputTransformer: { InputPathsMap: { s: '$.detail.s' }, InputTemplate: '"😀 <s> and <nope>"' } })));
    configError(template, JSON.stringify(rule({ InputTransformer: { InputPathsMap: { s: '$.detail.s' }, InputTemplate: '"😀 <s> and <nope>"' } })), '[0].Targets[0].InputTransformer.InputTemplate');
    assert.equal(template.reason, 'InputTemplate for target t contains invalid placeholder nope.');
    assert.equal(template.fieldText, '"😀 <s> and <nope>"');
    assert.equal(template.fieldText.slice(template.span.utf16.start, template.span.utf16.end), '<nope>');
    assert.equal(byteSlice(template.fieldText, template.span.bytes), '<nope>');
    assert.equal(template.patternError, null);

    const path = thrown(() => new lib.Bus(rule({ InputPath: '$..detail' })));
    assert.equal(path.location, '[0].Targets[0].InputPath');
    assert.match(path.reason, /Recursive descent/);
    assert.equal(path.fieldText.slice(path.span.utf16.start, path.span.utf16.end), '.');

    const input = thrown(() => new lib.Bus(rule({ Input: '{"a": }' })));
    assert.equal(input.reason, 'Input for target t is not a valid JSON text.');
    const both = thrown(() => new lib.Bus(rule({ Input: '{}', InputPath: '$' })));
    assert.equal(both.reason, 'Only one of Input, InputPath, or InputTransformer must be provided for target t.');
    assert.deepEqual([both.span, both.fieldText], [null, null]);
    const state = thrown(() => new lib.Bus([{ Name: 'r', State: 'MAYBE', EventPattern: '{}' }]));
    assert.equal(state.location, '[0].State');
    assert.match(state.reason, /^1 validation error detected: Value 'MAYBE' at 'state' failed to satisfy constraint/);
    const name = thrown(() => new lib.Bus([{ Name: 'a b', EventPattern: '{}' }]));
    assert.match(name.reason, /Member must satisfy regular expression pattern/);
  });

  test('bad endpoints, in the rules or in the options', () => {
    const { Endpoints } = JSON.parse(LAB_RULES);
    const noRoute = { ...Endpoints[0], RoutingConfig: undefined };
    const inRules = JSON.stringify({ Rules: [], Endpoints: [noRoute] });
    const e = configError(thrown(() => new lib.Bus(inRules)), inRules, 'Endpoints[0].RoutingConfig');
    assert.match(e.reason, /needs RoutingConfig\.FailoverConfig\.Primary\.HealthCheck/);
    const viaOption = thrown(() => new lib.Bus('[]', { endpoints: [noRoute] }));
    assert.ok(viaOption instanceof lib.BusConfigError);
    assert.equal(viaOption.reason, e.reason);
    const oneBus = { ...Endpoints[0], EventBuses: Endpoints[0].EventBuses.slice(1) };
    assert.match(thrown(() => new lib.Bus('[]', { endpoints: [oneBus] })).reason, /has 1 event buses; an endpoint has exactly 2/);
    configError(thrown(() => new lib.Bus('[]', { endpoints: [{ Name: 5 }] })), '[]', 'options.endpoints[0]');
  });

  test('rules text that cannot be read: the line and column', () => {
    const json = '[{"Name": "r",\n  "EventPattern": }]';
    const e = configError(thrown(() => new lib.Bus(json)), json, '');
    assert.match(e.reason, /^The rules file is not valid JSON: /);
    assert.deepEqual([e.line, e.column], [2, 19]);
    // The place, said once: the reader's message has it already.
    assert.match(e.message, / at line 2 column 19$/);
    assert.doesNotMatch(e.message, /\(line 2, column 19\)/);
    const yaml = '- Name: r\n  EventPattern: [\n';
    const y = configError(thrown(() => new lib.Bus(yaml)), yaml, '');
    assert.match(y.reason, /^The rules file is not valid YAML: /);
    assert.equal(typeof y.line, 'number');
    const none = configError(thrown(() => new lib.Bus({ Other: 1 })), '{"Other":1}', '');
    assert.match(none.reason, /holds no rules/);
    assert.deepEqual([none.line, none.column, none.span], [null, null, null]);
  });

  test('requests refused as a whole are BusRequestErrors; failed entries are not thrown', () => {
    const bus = new lib.Bus(LAB_RULES);
    const entry = { Source: 's', DetailType: 'd', Detail: '{}' };
    for (const [request, code, message] of [
      ['{"Entries": [', 'SerializationException', /^The PutEvents request cannot be read: /],
      [{ Entries: [{ ...entry, Detail: { not: 'a string' } }] }, 'SerializationException', /Detail must be a string holding JSON/],
      [{ Entries: [] }, 'ValidationException', /at 'entries' failed to satisfy constraint: Member must have length greater than or equal to 1$/],
      [{}, 'ValidationException', /Member must not be null$/],
      [Array(11).fill(entry), 'ValidationException', /Member must have length less than or equal to 10$/],
      [[{ ...entry, Detail: JSON.stringify({ a: 'x'.repeat(256 * 1024) }) }], 'ValidationException', /^Total size of the entries in the request is over the limit\.$/],
      [{ EndpointId: 'nowhere', Entries: [entry] }, 'ResourceNotFoundException', /^Endpoint nowhere does not exist\.$/],
    ]) {
      const e = thrown(() => bus.putEvents(request, { now: NOW }));
      assert.ok(e instanceof lib.BusRequestError, `${JSON.stringify(request).slice(0, 80)}: ${e}`);
      assert.equal(e.name, 'BusRequestError');
      assert.equal(e.code, code);
      assert.match(e.message, message);
      assert.equal(e.source, typeof request === 'string' ? request : JSON.stringify(request));
    }
    const out = bus.putEvents([entry, { ...entry, Detail: '[1]' }, { ...entry, Source: '' }, { ...entry, Detail: `${'['.repeat(1200)}${']'.repeat(1200)}` }, entry], { now: NOW });
    assert.equal(out.response.FailedEntryCount, 3);
    assert.deepEqual(out.response.Entries.map((e) => e.ErrorCode ?? 'ok'), ['ok', 'MalformedDetail', 'InvalidArgument', 'MalformedDetail', 'ok']);
    assert.equal(out.response.Entries[2].ErrorMessage, 'Parameter Source is not valid. Reason: Source is a required argument.');
    assert.deepEqual(out.entries.map((e) => e.arrivals.length), [1, 0, 0, 0, 1]);
    const onDefault = out.entries[0].arrivals[0].rules;
    assert.deepEqual(onDefault.map((r) => [r.rule, r.matched]), [['omics-run-finished', false], ['omics-task-status', false], ['omics-everything-paused', false]], "the lab's default bus holds the HealthOmics rules");
    bus.free();
  });

  test('inputs and options of the wrong type say which', () => {
    const bus = new lib.Bus('[]');
    const cyclic = {};
    cyclic.self = cyclic;
    for (const [call, pattern] of [
      [() => new lib.Bus(undefined), /^eventlens: the rules must be a JSON string/],
      [() => new lib.Bus(cyclic), /^eventlens: the rules cannot be turned into JSON/],
      [() => bus.putEvents(cyclic), /^eventlens: the request cannot be turned into JSON/],
      [() => new lib.Bus('[]', 'us-east-1'), /^eventlens: the option `options` must be an object$/],
      [() => new lib.Bus('[]', { account: 123456789012 }), /^eventlens: the option `account` must be a string$/],
      [() => new lib.Bus('[]', { parameters: { Port: 80 } }), /^eventlens: the option `parameters.Port` must be a string$/],
      [() => new lib.Bus('[]', { endpoints: {} }), /^eventlens: the option `endpoints` must be an array/],
      [() => bus.putEvents('[]', { now: 1714564800 }), /^eventlens: the option `now` must be an RFC 3339 string or a Date$/],
      [() => bus.putEvents('[]', { now: new Date(NaN) }), /^eventlens: the option `now` must be a valid Date$/],
      [() => bus.putEvents('[]', { seed: -1 }), /^eventlens: the option `seed` must be an integer from 0 to 2\^64 - 1$/],
      [() => bus.putEvents('[]', { seed: 1.5 }), /`seed`/],
      [() => bus.putEvents('[]', { seed: 2n ** 64n }), /`seed`/],
      [() => bus.putEvents('[]', { unhealthy: 'lab-endpoint' }), /^eventlens: the option `unhealthy` must be an array of strings$/],
    ]) {
      const e = thrown(call);
      assert.ok(e instanceof TypeError, String(e));
      assert.match(e.message, pattern);
    }
    const late = thrown(() => bus.putEvents('[]', { now: 'yesterday' }));
    assert.ok(late instanceof RangeError);
    assert.match(late.message, /^eventlens: the option `now` is not valid: "yesterday" is not an RFC 3339 time stamp/);
    bus.free();
  });
});

describe('options and lifetimes', () => {
  const entry = { Source: 'app', DetailType: 'ping', Detail: '{"n": "é😀"}' };

  test('the seed makes ids repeatable; without one they differ', () => {
    const bus = new lib.Bus('[]');
    const ids = (options) => bus.putEvents([entry, entry], options).response.Entries.map((e) => e.EventId);
    assert.deepEqual(ids({ seed: 42 }), ids({ seed: 42n }));
    assert.notDeepEqual(ids({ seed: 42 }), ids({ seed: 43 }));
    assert.notEqual(ids({ seed: 42 })[0], ids({ seed: 42 })[1]);
    assert.notDeepEqual(ids({}), ids({}));
    assert.equal(ids({ seed: 2n ** 64n - 1n }).length, 2);
    bus.free();
  });

  test('the clock: entries without Time get now; a Time of the entry wins', () => {
    const bus = new lib.Bus('[{"Name": "all", "EventPattern": {"source": ["app"]}}]');
    const times = bus
      .putEvents([entry, { ...entry, Time: 1700000000.9 }, { ...entry, Time: new Date('2023-01-01T10:00:00+02:00') }], { now: '2024-02-29T23:59:59.999-01:00' })
      .entries.map((e) => JSON.parse(e.arrivals[0].event).time);
    assert.deepEqual(times, ['2024-03-01T00:59:59Z', '2023-11-14T22:13:20Z', '2023-01-01T08:00:00Z']);
    const before = Date.now();
    const when = Date.parse(JSON.parse(bus.putEvents([entry]).entries[0].arrivals[0].event).time);
    assert.ok(when >= Math.floor(before / 1000) * 1000 - 1000 && when <= Date.now(), 'now by default');
    bus.free();
  });

  test('non-ASCII events: every span slices the same text in both units', () => {
    const rules = [{ Name: 'emoji', EventPattern: '{"detail": {"n": [{"prefix": "é"}], "m": ["x"]}}' }];
    const out = lib.putEvents(rules, [entry], { now: NOW, seed: 1 });
    const [verdict] = out.entries[0].arrivals[0].rules;
    assert.equal(verdict.matched, false);
    assert.equal(verdict.explanation.eventText, out.entries[0].arrivals[0].event);
    const n = verdict.explanation.combinations[0].conditions.find((c) => c.path === 'detail.n');
    assert.equal(n.held, true);
    assert.equal(verdict.explanation.eventText.slice(n.values[0].span.utf16.start, n.values[0].span.utf16.end), '"é😀"');
    const { bytes, utf16 } = n.values[0].span;
    assert.equal(bytes.end - utf16.end, 3, 'é: 2 bytes, 1 unit; 😀: 4 bytes, 2 units');
    assert.ok(assertSpansAgree(out) >= 5);
  });

  test('use after free throws a clear error; free twice is harmless', () => {
    const bus = new lib.Bus(LAB_RULES);
    bus.free();
    bus.free();
    for (const call of [() => bus.putEvents(LAB_ENTRIES), () => bus.rules, () => bus.endpoints, () => bus.notes]) {
      const e = thrown(call);
      assert.ok(e instanceof Error && !(e instanceof lib.BusConfigError));
      assert.equal(e.message, 'eventlens: this Bus has been freed');
    }
    assert.equal(bus.source, LAB_RULES);
  });

  test('import and require share the classes; the web build runs the bus after initSync', async () => {
    const esm = await importPackage('eventlens/bus');
    assert.equal(esm.Bus, lib.Bus);
    assert.equal(esm.BusConfigError, lib.BusConfigError);
    const web = await importPackage('eventlens/web/bus');
    assert.match(thrown(() => new web.Bus('[]')).message, /^eventlens\/web\/bus: call `await init\(\)`/);
    const wasm = createRequire(join(scratchProject(), 'x.js')).resolve('eventlens/web/eventlens_bus_bg.wasm');
    web.initSync(readFileSync(wasm));
    const out = web.putEvents(LAB_RULES, LAB_ENTRIES, { now: NOW, seed: 7 });
    assert.deepEqual(out, lib.putEvents(LAB_RULES, LAB_ENTRIES, { now: NOW, seed: 7 }));
    assert.ok(thrown(() => new web.Bus('[{"Name": "r"}]')) instanceof web.BusConfigError);
  });
});
