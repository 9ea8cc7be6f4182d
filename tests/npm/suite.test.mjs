// runSuite: suites of expectations in JSON and YAML, run from the main entry (CommonJS and ESM),
// with a `SuiteError` that says where a refused suite is wrong. It loads the bus's module when
// first called, and not before.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importPackage, repoRoot, requirePackage, wasmRead } from './support/package.mjs';

/** What `promise` rejects with (it must reject). */
async function rejected(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  assert.fail('expected a rejection');
}

const fixtures = join(repoRoot, 'crates/eventlens-cli/tests/fixtures/suites');
const fixture = (name) => readFileSync(join(fixtures, name), 'utf8');

test('a suite that holds: every result passes, in the order of expect', async () => {
  const { runSuite } = requirePackage();
  const run = await runSuite(fixture('omics.yaml'));
  assert.deepEqual(run.summary, { total: 4, passed: 4, failed: 0 });
  assert.deepEqual(
    run.results.map((r) => [r.pattern, r.event, r.expected, r.actual, r.pass]),
    [
      ['omics-failed', 'run-failed', 'match', 'match', true],
      ['omics-failed', 'run-done', 'no-match', 'no-match', true],
      ['big-run', 'run-failed', 'match', 'match', true],
      ['big-run', 'run-done', 'no-match', 'no-match', true],
    ],
  );
  assert.ok(run.results.every((r) => !('reason' in r)));
});

test('a failing suite gives each failure its reason, from CommonJS and ESM', async () => {
  const entries = [requirePackage(), await importPackage()];
  for (const { runSuite } of entries) {
    const run = await runSuite(fixture('failing.json'));
    assert.deepEqual(run.summary, { total: 2, passed: 1, failed: 1 });
    const [miss, hit] = run.results;
    assert.deepEqual(
      { ...miss },
      {
        pattern: 'shipped <&"fast">',
        event: 'a <b> & "c"',
        expected: 'match',
        actual: 'no-match',
        pass: false,
        reason: '`detail.status` is "PENDING"; expected "SHIPPED"',
      },
    );
    assert.equal(hit.pass, true);
  }
  const { results } = await requirePackage().runSuite(fixture('failing.yaml'));
  assert.equal(results[1].expected, 'no-match');
  assert.match(results[1].reason, /`detail\.status` is "SHIPPED"/);
});

test('a refused suite rejects with SuiteError, its kind, place and names', async () => {
  const { runSuite, SuiteError } = requirePackage();
  const cases = [
    ['bad-pattern.yaml', { kind: 'invalid-pattern', subject: 'empty', line: 3, column: 3 }, /Empty arrays are not allowed/],
    ['bad-event.json', { kind: 'invalid-event', subject: 'broken', line: 3, column: 35 }, /Unexpected character/],
    ['unknown-name.yaml', { kind: 'unknown-name', subject: 'missing', line: 9, column: 7 }, /"missing"/],
    ['both-lists.json', { kind: 'in-both-lists', pattern: 'p', event: 'e', line: 2, column: 48 }, /both/],
    ['not-a-suite.yaml', { kind: 'not-a-mapping', line: 1, column: 1 }, /mapping/],
    ['unknown-key.json', { kind: 'unknown-key', key: 'tests', line: 1, column: 18 }, /Unknown key `tests`/],
  ];
  for (const [name, fields, message] of cases) {
    const text = fixture(name);
    const e = await rejected(runSuite(text));
    assert.ok(e instanceof SuiteError && e instanceof Error, name);
    assert.equal(e.name, 'SuiteError');
    assert.match(e.message, message, name);
    for (const [key, value] of Object.entries(fields)) assert.equal(e[key], value, `${name}: ${key}`);
    // The span is where the line and column are, in UTF-16 units of the text.
    const before = text.slice(0, e.span.utf16.start).split('\n');
    assert.deepEqual([before.length, before.at(-1).length + 1], [e.line, e.column], name);
  }
  const invalid = await rejected(runSuite(fixture('bad-pattern.yaml')));
  assert.match(invalid.error.message, /^Event pattern is not valid/);
  const syntax = await rejected(runSuite('{"patterns": {"p": }}'));
  assert.deepEqual([syntax.kind, syntax.line, syntax.column], ['syntax', 1, 20]);
  await assert.rejects(runSuite({ patterns: {} }), TypeError);
});

test('spans count UTF-16 units where the suite has characters beyond ASCII', async () => {
  const { runSuite } = requirePackage();
  const text = '{"patterns": {"é😀": {"a": ["b"]}}, "expect": {"x😀": {}}}';
  const e = await rejected(runSuite(text));
  assert.equal(e.kind, 'unknown-name');
  assert.equal(text.slice(e.span.utf16.start, e.span.utf16.end), '"x😀"');
  assert.equal(e.column, text.indexOf('"x😀"') + 1);
});

test('the bus module is loaded by the first runSuite, not by importing the main entry', () => {
  assert.deepEqual(wasmRead("require('eventlens')"), ['eventlens_wasm_bg.wasm']);
  assert.deepEqual(wasmRead("require('eventlens').runSuite('{}').then((run) => { if (run.summary.total !== 0) process.exit(3); })"), [
    'eventlens_wasm_bg.wasm',
    'eventlens_bus_bg.wasm',
  ]);
});
