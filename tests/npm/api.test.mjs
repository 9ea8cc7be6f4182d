// (b) Every export and every error path of the installed package, loaded both ways Node offers:
// CommonJS `require` and ESM `import` (both resolve through the exports map); then the `web`
// build in Node (initSync) and the `bundler` build (Node's wasm-modules loader).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { importPackage, installedPackageDir, requirePackage, scratchProject } from './support/package.mjs';
import { thrown } from './support/thrown.mjs';

// The main entry: no bus (that is `eventlens/bus`, see entries.test.mjs).
const PUBLIC = [
  'EventError',
  'Pattern',
  'PatternError',
  'RuleSet',
  'SuiteError',
  'compile',
  'explain',
  'matches',
  'runSuite',
  'validate',
];
const ENVELOPE = {
  id: '1',
  account: '123456789012',
  source: 'app.orders',
  time: '2024-01-01T00:00:00Z',
  region: 'eu-west-1',
  'detail-type': 'Order',
  resources: [],
};
const PATTERN = { source: ['app.orders'], detail: { status: ['SHIPPED'], total: [{ numeric: ['>', 100] }] } };
const HIT = { ...ENVELOPE, detail: { status: 'SHIPPED', total: 250 } };
const MISS = { ...ENVELOPE, detail: { status: 'SHIPPED', total: 50 } };

/** Asserts `e` is a well-formed PatternError or EventError of `lib` whose span slices `source`. */
function assertLocated(lib, e, Class, source) {
  assert.ok(e instanceof Class, `${e} is not a ${Class.name}`);
  assert.ok(e instanceof Error);
  assert.equal(e.name, Class.name);
  assert.equal(e.source, source);
  assert.ok(!/panicked|unreachable|RuntimeError/.test(e.message), e.message);
  const { bytes, utf16 } = e.span;
  assert.ok(utf16.start <= utf16.end && utf16.end <= source.length);
  assert.equal(Buffer.from(source).subarray(bytes.start, bytes.end).toString(), source.slice(utf16.start, utf16.end));
  // line and column name the span's start (1-based, the column in UTF-16 units).
  const before = source.slice(0, utf16.start).split(/\r\n|\r|\n/);
  assert.deepEqual([e.line, e.column], [before.length, before.at(-1).length + 1]);
  assert.ok(e.stack.includes(Class.name));
  assert.notEqual(lib.PatternError, lib.EventError);
}

for (const [flavour, load] of [
  ['require', async () => requirePackage()],
  ['import', () => importPackage()],
]) {
  describe(`eventlens via ${flavour}`, async () => {
    const lib = await load();

    test('exports exactly the public API, from the nodejs build', () => {
      assert.deepEqual(PUBLIC.filter((name) => !(name in lib)), []);
      const extra = Object.keys(lib).filter((k) => !PUBLIC.includes(k) && !['default', '__esModule'].includes(k));
      assert.deepEqual(extra, [], 'the raw bindings must not leak');
      const resolved = createRequire(join(scratchProject(), 'x.js')).resolve('eventlens');
      assert.equal(resolved, join(installedPackageDir(), 'nodejs', 'index.js'));
    });

    test('validate', () => {
      assert.deepEqual(lib.validate(PATTERN), { ok: true });
      assert.deepEqual(lib.validate(JSON.stringify(PATTERN, null, 2)), { ok: true });

      const syntax = '{\n  "detail": {"status": ["A",]}\n}';
      const r = lib.validate(syntax);
      assert.equal(r.ok, false);
      assert.equal(r.errors.length, 1);
      const [e] = r.errors;
      assertLocated(lib, e, lib.PatternError, syntax);
      assert.equal(e.kind, 'syntax');
      assert.ok(e.message.startsWith(`Event pattern is not valid. Reason: ${e.reason}\n at [Source: (String)"{`), e.message);
      assert.equal(e.line, 2);

      const empty = '{"detail": {"status": []}}';
      const [f] = lib.validate(empty).errors;
      assertLocated(lib, f, lib.PatternError, empty);
      assert.equal(f.kind, 'invalid');
      assert.equal(f.reason, 'Empty arrays are not allowed');
      assert.equal(f.message, 'Event pattern is not valid. Reason: Empty arrays are not allowed');
      assert.equal(empty.slice(f.span.utf16.start, f.span.utf16.end), '[]');

      for (const [input, kind] of [
        [[1, 2], 'not-an-object'],
        [42, 'not-an-object'],
        [null, 'not-an-object'],
        ['{"a": ["x"', 'syntax'],
        [{ a: ['x'.repeat(3000)] }, 'too-long'],
        [{ a: [{ wildcard: '*a*b*c*d*e*f*g*h*i*j*k*' }] }, 'too-complex'],
        [{ a: [{ nonsense: 1 }] }, 'invalid'],
      ]) {
        const result = lib.validate(input);
        assert.equal(result.ok, false, JSON.stringify(input));
        assert.equal(result.errors[0].kind, kind, `${JSON.stringify(input)}: ${result.errors[0].message}`);
        assert.ok(result.errors[0].message.startsWith('Event pattern is not valid.') || kind === 'too-long');
      }
    });

    test('inputs that are no JSON at all are TypeErrors', () => {
      const cyclic = {};
      cyclic.self = cyclic;
      for (const bad of [undefined, () => 1, Symbol('x'), 10n, cyclic]) {
        for (const call of [
          () => lib.validate(bad),
          () => lib.matches(bad, HIT),
          () => lib.matches(PATTERN, bad),
          () => lib.explain(PATTERN, bad),
          () => lib.compile(bad),
          () => new lib.RuleSet().add('r', bad),
        ]) {
          const e = thrown(call);
          assert.ok(e instanceof TypeError, String(e));
          assert.match(e.message, /^eventlens: the (pattern|event) /);
        }
      }
    });

    test('matches', () => {
      assert.equal(lib.matches(PATTERN, HIT), true);
      assert.equal(lib.matches(PATTERN, MISS), false);
      assert.equal(lib.matches(JSON.stringify(PATTERN), JSON.stringify(HIT)), true);
      // Objects go through JSON.stringify, so toJSON applies (a Date becomes its ISO string).
      assert.equal(lib.matches({ when: [new Date(0)] }, { when: '1970-01-01T00:00:00.000Z' }), true);
      // Strings are exact text: only a string can repeat a key (the last one counts, as on AWS).
      const repeated = '{"location": [{"prefix": "us-"}], "location": [{"anything-but": "us-east"}]}';
      assert.equal(lib.matches(repeated, { location: 'eu-central-1' }), true);
      assert.equal(lib.matches(repeated, { location: 'us-east' }), false);

      const badPattern = thrown(() => lib.matches('{"a": "x"}', HIT));
      assertLocated(lib, badPattern, lib.PatternError, '{"a": "x"}');
      assert.equal(badPattern.kind, 'invalid');

      const events = [
        ['{"a": 1,}', 'syntax'],
        ['["not", "an", "object"]', 'not-an-object'],
        [`{"a": "${'x'.repeat(256 * 1024)}"}`, 'too-large'],
        [`{"a": ${'['.repeat(1200)}${']'.repeat(1200)}}`, 'too-deep'],
      ];
      for (const [event, kind] of events) {
        const e = thrown(() => lib.matches(PATTERN, event));
        assertLocated(lib, e, lib.EventError, event);
        assert.equal(e.kind, kind, e.message);
        assert.equal(e.reason, undefined);
      }
    });

    test('the TestEventPattern envelope check is an option', () => {
      const bare = { detail: { status: 'SHIPPED', total: 250 }, source: 'app.orders' };
      assert.equal(lib.matches(PATTERN, bare), true);
      assert.equal(lib.matches(PATTERN, bare, { testEventPattern: false }), true);
      assert.equal(lib.matches(PATTERN, HIT, { testEventPattern: true }), true);
      const e = thrown(() => lib.matches(PATTERN, bare, { testEventPattern: true }));
      assertLocated(lib, e, lib.EventError, JSON.stringify(bare));
      assert.equal(e.kind, 'missing-envelope');
      assert.match(e.message, /^Parameter Event is not valid\./);
      for (const call of [
        () => lib.explain(PATTERN, bare, { testEventPattern: true }),
        () => lib.compile(PATTERN).matches(bare, { testEventPattern: true }),
        () => lib.compile(PATTERN).explain(bare, { testEventPattern: true }),
        () => {
          const rules = new lib.RuleSet();
          rules.add('r', PATTERN);
          return rules.matches(bare, { testEventPattern: true });
        },
      ]) {
        assert.equal(thrown(call).kind, 'missing-envelope');
      }
    });

    test('explain', () => {
      const x = lib.explain(PATTERN, MISS);
      assert.equal(x.matched, false);
      assert.equal(x.best, 0);
      assert.equal(x.patternText, JSON.stringify(PATTERN));
      assert.equal(x.eventText, JSON.stringify(MISS));
      const [combination] = x.combinations;
      assert.deepEqual(Object.keys(combination).sort(), ['branches', 'conditions', 'matched', 'note']);
      assert.equal(combination.note, null);
      const paths = combination.conditions.map((c) => [c.path, c.held]);
      assert.deepEqual(paths, [['detail.status', true], ['detail.total', false], ['source', true]]);
      const total = combination.conditions[1];
      assert.equal(total.reason, '`detail.total` is 50; expected {"numeric":[">",100]}');
      assert.deepEqual(Object.keys(total).sort(), ['held', 'keySpan', 'matchers', 'path', 'patternSpan', 'reason', 'suggestion', 'values', 'valuesOmitted']);
      assert.deepEqual([total.valuesOmitted, combination.conditions[0].suggestion], [0, null]);
      assert.deepEqual(total.matchers.map((m) => [m.operator, m.text, m.held]), [['numeric', '{"numeric":[">",100]}', false]]);
      assert.deepEqual(total.values.map((v) => [v.path, v.value, v.matched, v.chosen, v.matchers]), [['detail.total', '50', false, false, []]]);
      assert.equal(x.eventText.slice(total.values[0].span.utf16.start, total.values[0].span.utf16.end), '50');

      const or = lib.explain('{"$or": [{"a": ["1"]}, {"b": ["2"]}]}', '{"b": "2"}');
      assert.equal(or.matched, true);
      assert.equal(or.best, 1);
      assert.deepEqual(or.combinations.map((c) => c.matched), [false, true]);
      const [branch] = or.combinations[1].branches;
      assert.equal(branch.branch, 1);
      assert.equal(or.patternText.slice(branch.orSpan.utf16.start, branch.orSpan.utf16.end), '"$or"');
      assert.equal(or.patternText.slice(branch.branchSpan.utf16.start, branch.branchSpan.utf16.end), '{"b": ["2"]}');

      const apart = lib.explain('{"a": {"x": ["1"], "y": ["2"]}}', '{"a": [{"x": "1", "y": "0"}, {"x": "0", "y": "2"}]}');
      assert.equal(apart.matched, false);
      assert.match(apart.combinations[0].note, /array/);

      const many = lib.explain({ a: ['x'] }, { a: Array.from({ length: 150 }, (_, i) => `v${i}`) }).combinations[0].conditions[0];
      assert.deepEqual([many.values.length, many.valuesOmitted], [100, 50]);
      const slip = lib.explain({ detail: { Status: ['A'] } }, { detail: { status: 'A' } }).combinations[0].conditions[0];
      assert.equal(slip.suggestion, 'did you mean `detail.status`? The event has a value there');

      assert.equal(thrown(() => lib.explain('{"a": []}', HIT)).kind, 'invalid');
      assert.equal(thrown(() => lib.explain(PATTERN, '{')).kind, 'syntax');
    });

    test('compile and Pattern', () => {
      const p = lib.compile(PATTERN);
      assert.ok(p instanceof lib.Pattern);
      assert.equal(p.source, JSON.stringify(PATTERN));
      assert.equal(p.matches(HIT), true);
      assert.equal(p.matches(JSON.stringify(MISS)), false);
      assert.equal(p.explain(HIT).matched, true);
      assert.equal(p.explain(HIT).patternText, p.source);
      assert.equal(thrown(() => p.matches('{')).kind, 'syntax');
      assert.equal(p.matches(HIT), true, 'a refused event leaves the pattern usable');
      p.free();
      p.free();
      for (const call of [() => p.matches(HIT), () => p.explain(HIT)]) {
        const e = thrown(call);
        assert.ok(e instanceof Error && !(e instanceof lib.EventError));
        assert.equal(e.message, 'eventlens: this Pattern has been freed');
      }
      const q = new lib.Pattern('{"a": ["é"]}');
      assert.equal(q.matches({ a: 'é' }), true);
      assertLocated(lib, thrown(() => lib.compile('{"a": [}')), lib.PatternError, '{"a": [}');
      assertLocated(lib, thrown(() => new lib.Pattern('{"a": [}')), lib.PatternError, '{"a": [}');
    });

    test('RuleSet', () => {
      const rules = new lib.RuleSet();
      assert.equal(rules.size, 0);
      assert.deepEqual(rules.matches(HIT), []);
      rules.add('orders', { source: ['app.orders'] });
      rules.add('big', PATTERN);
      rules.add('other', '{"source": ["app.other"]}');
      assert.deepEqual(rules.names(), ['orders', 'big', 'other']);
      assert.equal(rules.size, 3);
      assert.deepEqual(rules.matches(HIT), ['orders', 'big']);
      assert.deepEqual(rules.matches(JSON.stringify(MISS)), ['orders']);
      rules.add('orders', { source: ['nothing'] });
      assert.deepEqual(rules.names(), ['orders', 'big', 'other'], 'replacing keeps the place');
      assert.deepEqual(rules.matches(HIT), ['big']);
      const bad = thrown(() => rules.add('broken', '{"a": []}'));
      assertLocated(lib, bad, lib.PatternError, '{"a": []}');
      assert.equal(rules.size, 3, 'a refused pattern is not added');
      assert.equal(rules.remove('big'), true);
      assert.equal(rules.remove('big'), false);
      assert.deepEqual(rules.names(), ['orders', 'other']);
      assertLocated(lib, thrown(() => rules.matches('{"x": tru}')), lib.EventError, '{"x": tru}');
      rules.free();
      rules.free();
      const setValidation = () => {
        rules.validation = 'full';
      };
      for (const call of [() => rules.matches(HIT), () => rules.add('x', PATTERN), () => rules.size, () => rules.names(), () => rules.remove('x'), setValidation]) {
        assert.equal(thrown(call).message, 'eventlens: this RuleSet has been freed');
      }
    });

    test('RuleSet validation: "full" reads every byte, "structure" what the rules read', () => {
      // `b` holds a malformed number and literal; no rule reads it.
      const event = '{"source": "app.orders", "b": [01, tru], "detail": {"status": "SHIPPED"}}';
      const full = new lib.RuleSet();
      const fast = new lib.RuleSet({ validation: 'structure' });
      for (const rules of [full, fast]) {
        rules.add('orders', { source: ['app.orders'] });
        rules.add('shipped', { detail: { status: ['SHIPPED'] } });
      }
      assert.equal(full.validation, 'full');
      assert.equal(fast.validation, 'structure');
      const refused = thrown(() => full.matches(event));
      assertLocated(lib, refused, lib.EventError, event);
      const at = event.indexOf('[01');
      assert.ok(refused.span.utf16.start > at && refused.span.utf16.end <= at + 3, `${refused.message} at ${refused.span.utf16.start}`);
      assert.deepEqual(fast.matches(event), ['orders', 'shipped']);
      // Faults on the way to a field some rule reads are still found, and the setter switches back.
      const bad = '{"source": "app.orders", "detail": {"status": SHIPPED}}';
      assertLocated(lib, thrown(() => fast.matches(bad)), lib.EventError, bad);
      fast.validation = 'full';
      assert.equal(fast.validation, 'full');
      assert.equal(thrown(() => fast.matches(event)).message, refused.message);
      // The TestEventPattern check reads the event whole, whatever the set's validation.
      fast.validation = 'structure';
      const enveloped = JSON.stringify({ ...ENVELOPE, detail: { status: 'SHIPPED' } }).replace('"resources":[]', '"resources":[01]');
      assertLocated(lib, thrown(() => fast.matches(enveloped, { testEventPattern: true })), lib.EventError, enveloped);
      assert.deepEqual(fast.matches(enveloped), ['orders', 'shipped']);
      // Values it cannot use are refused, and leave the set as it was.
      for (const value of ['Structure', '', null, true]) {
        const e = thrown(() => {
          fast.validation = value;
        });
        assert.ok(e instanceof TypeError, String(e));
        assert.match(e.message, /^eventlens: the option `validation` must be "full" or "structure"/);
      }
      assert.equal(fast.validation, 'structure');
      assert.ok(thrown(() => new lib.RuleSet({ validation: 'fast' })) instanceof TypeError);
      assert.ok(thrown(() => new lib.RuleSet('structure')) instanceof TypeError);
      full.free();
      fast.free();
    });
  });
}

test('require and import share one instance (no dual-package hazard)', async () => {
  const [cjs, esm] = [requirePackage(), await importPackage()];
  assert.equal(cjs.PatternError, esm.PatternError);
  assert.equal(cjs.RuleSet, esm.RuleSet);
});

test('the web build in Node: refuses calls before init, works after initSync', async () => {
  const web = await import(pathToFileURL(join(scratchProject(), 'web.mjs')).href);
  assert.equal(typeof web.default, 'function');
  const early = thrown(() => web.matches(PATTERN, HIT));
  assert.match(early.message, /^eventlens\/web: call `await init\(\)`/);
  const wasmPath = createRequire(join(scratchProject(), 'x.js')).resolve('eventlens/web/eventlens_wasm_bg.wasm');
  web.initSync(readFileSync(wasmPath));
  assert.equal(web.matches(PATTERN, HIT), true);
  assert.deepEqual(web.validate('{"a": []}').errors.map((e) => [e.kind, e instanceof web.PatternError]), [['invalid', true]]);
  await web.default(readFileSync(wasmPath));
  assert.equal(web.matches(PATTERN, MISS), false);
});

test('the bundler build runs where ES modules can import .wasm', () => {
  const entry = pathToFileURL(join(installedPackageDir(), 'bundler', 'index.js')).href;
  const script = `
    const { matches, validate, RuleSet, PatternError } = await import(${JSON.stringify(entry)});
    const rules = new RuleSet();
    rules.add('r', ${JSON.stringify(PATTERN)});
    const invalid = validate('{"a": []}');
    console.log(JSON.stringify([matches(${JSON.stringify(PATTERN)}, ${JSON.stringify(HIT)}),
      rules.matches(${JSON.stringify(MISS)}), invalid.errors[0] instanceof PatternError]));`;
  const out = execFileSync(process.execPath, ['--experimental-wasm-modules', '--no-warnings', '--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  assert.deepEqual(JSON.parse(out), [true, [], true]);
});

test("the README's examples run against the installed package", () => {
  const readme = readFileSync(join(installedPackageDir(), 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
  assert.ok(blocks.length >= 5, `${blocks.length} examples`);
  blocks.forEach((code, i) => {
    const file = join(scratchProject(), `readme-${i}.mjs`);
    writeFileSync(file, code);
    const run = spawnSync(process.execPath, [file], { encoding: 'utf8' });
    assert.equal(run.status, 0, `example ${i + 1}:\n${code}\n${run.stderr}`);
    assert.equal(run.stderr, '');
  });
});

test('the package manifest', () => {
  const manifest = createRequire(join(scratchProject(), 'x.js'))('eventlens/package.json');
  assert.equal(manifest.name, 'eventlens');
  assert.deepEqual(manifest.sideEffects, ['./bundler/eventlens_wasm.js', './bundler/eventlens_bus.js', './web/index.js', './web/web-bus.js']);
  assert.equal(manifest.exports['.'].node.default, './nodejs/index.js');
  assert.equal(manifest.exports['./bus'].node.default, './nodejs/bus.js');
  assert.equal(manifest.exports['./bus'].default.types, './bundler/bus.d.ts');
  assert.equal(manifest.exports['./web'].default, './web/index.js');
  assert.equal(manifest.exports['./web/bus'].default, './web/web-bus.js');
  assert.match(readFileSync(join(installedPackageDir(), 'README.md'), 'utf8'), /^# eventlens/);
  assert.match(readFileSync(join(installedPackageDir(), 'LICENSE'), 'utf8'), /Apache License/);
});
