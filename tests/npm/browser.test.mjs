// The web build in headless Chromium: a page loads the installed package with
// <script type="module">, calls init() (which fetches the .wasm from next to the module) and uses
// every export; runSuite, which fetches the bus's module itself; then the bus entry
// `eventlens/web/bus`, with its own init and module. Served by a static server on 127.0.0.1 (random port); no other network.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';
import { installedPackageDir } from './support/package.mjs';

const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>eventlens web build</title>
<link rel="icon" href="data:,">
<script type="module">
  import init, { validate, matches, explain, compile, RuleSet, PatternError, EventError, runSuite, SuiteError } from '/eventlens/web/index.js';
  const out = {};
  try { matches('{}', '{}'); } catch (e) { out.beforeInit = e.message; }
  await init();
  const pattern = '{"détail": {"mood": ["😀", {"prefix": "日本"}]}}';
  const event = '{"id": "🦀", "détail": {"mood": "日本語"}}';
  out.match = matches(pattern, event);
  out.miss = matches(JSON.parse(pattern), { détail: { mood: '😢' } });
  out.valid = validate(pattern);
  const x = explain(pattern, event);
  const value = x.combinations[0].conditions[0].values[0];
  const matcher = x.combinations[0].conditions[0].matchers[1];
  out.slices = [event.slice(value.span.utf16.start, value.span.utf16.end),
                pattern.slice(matcher.span.utf16.start, matcher.span.utf16.end)];
  const compiled = compile(pattern);
  out.compiled = [compiled.matches(event), compiled.explain(event).matched];
  compiled.free();
  const rules = new RuleSet();
  rules.add('happy', pattern);
  rules.add('any', { id: [{ exists: true }] });
  out.rules = rules.matches(event);
  const invalid = validate('{"a": []}');
  out.invalid = [invalid.ok, invalid.errors[0] instanceof PatternError, invalid.errors[0].message];
  try { matches(pattern, '{"a": '); } catch (e) { out.eventError = [e instanceof EventError, e.name, e.kind, e.line, e.column]; }
  out.busModuleBefore = performance.getEntriesByType('resource').some((e) => e.name.endsWith('eventlens_bus_bg.wasm'));
  // runSuite fetches and initialises the bus's module itself.
  const suite = await runSuite('patterns:\\n  p: {"a": ["b"]}\\nevents:\\n  e: {"a": "c"}\\nexpect:\\n  p:\\n    match: [e]\\n');
  out.suite = [suite.summary, suite.results[0].reason];
  try { await runSuite('patterns: []'); } catch (e) { out.suiteError = [e instanceof SuiteError, e.kind, e.line, e.column]; }
  // The bus entry, loaded afterwards: its own init, the same PatternError class.
  const bus = await import('/eventlens/web/web-bus.js');
  try { new bus.Bus('[]'); } catch (e) { out.busBeforeInit = e.message; }
  await bus.default();
  const put = bus.putEvents([{ Name: 'r', EventPattern: { source: ['s'] } }], [{ Source: 's', DetailType: 'd', Detail: '{}' }]);
  out.busDelivered = put.entries[0].arrivals[0].rules.map((v) => [v.rule, v.delivered]);
  try { new bus.Bus([{ Name: 'r', EventPattern: '{"a": []}' }]); } catch (e) {
    out.busError = [e instanceof bus.BusConfigError, e.patternError instanceof PatternError];
  }
  window.results = out;
</script>`;

const TYPES = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };

/** Serves the page at / and the installed package under /eventlens/. */
function serve(root) {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://127.0.0.1').pathname;
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
      return;
    }
    const file = normalize(join(root, decodeURIComponent(path.replace(/^\/eventlens\//, '/'))));
    if (!path.startsWith('/eventlens/') || !file.startsWith(root)) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test('the web build works in Chromium from <script type="module">', async () => {
  const server = await serve(installedPackageDir());
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    const problems = [];
    const requests = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => window.results !== undefined, null, { timeout: 20000 });
    const r = await page.evaluate(() => window.results);
    assert.deepEqual(problems, []);
    assert.match(r.beforeInit, /^eventlens\/web: call `await init\(\)`/);
    assert.equal(r.match, true);
    assert.equal(r.miss, false);
    assert.deepEqual(r.valid, { ok: true });
    assert.deepEqual(r.slices, ['"日本語"', '{"prefix": "日本"}']);
    assert.deepEqual(r.compiled, [true, true]);
    assert.deepEqual(r.rules, ['happy', 'any']);
    assert.deepEqual(r.invalid, [false, true, 'Event pattern is not valid. Reason: Empty arrays are not allowed']);
    assert.deepEqual(r.eventError.slice(0, 3), [true, 'EventError', 'syntax']);
    assert.ok(requests.some((u) => u.endsWith('/eventlens/web/eventlens_wasm_bg.wasm')), 'init fetched the module');
    assert.equal(r.busModuleBefore, false, 'the main entry fetched no bus module');
    assert.deepEqual(r.suite, [{ total: 1, passed: 0, failed: 1 }, '`a` is "c"; expected "b" (hint: "c" is one edit away from "b": a typo in the pattern or in the event?)']);
    assert.deepEqual(r.suiteError, [true, 'not-a-mapping', 1, 1]);
    assert.match(r.busBeforeInit, /^eventlens\/web\/bus: call `await init\(\)`/);
    assert.deepEqual(r.busDelivered, [['r', true]]);
    assert.deepEqual(r.busError, [true, true]);
    assert.ok(requests.some((u) => u.endsWith('/eventlens/web/eventlens_bus_bg.wasm')), "the bus's init fetched its module");
    assert.deepEqual(requests.filter((u) => !u.startsWith(origin)), [], 'no request leaves the test server');
  } finally {
    await browser.close();
    server.close();
  }
});
