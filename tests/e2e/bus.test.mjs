// Browser tests of the playground's Bus view (dist/ from `trunk build --release`): the samples'
// routing tables, a rule verdict explained with the pattern view's highlights, endpoint
// failover, errors in the rules, the request and the options, and share links.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { setup, openPage, setText, shot, loadSample, ROOT } from './harness.mjs';

const BUS_SAMPLES = JSON.parse(await fs.readFile(path.join(ROOT, 'web/bus-samples.json'), 'utf8'));
const fixture = (name) => fs.readFile(path.join(ROOT, 'crates/eventlens-bus/tests/fixtures/bus', name), 'utf8');

const app = setup();

/** A fresh page on the app (`suffix` appended to its URL) in the Bus view, with bus sample
 * `sample` loaded when one is named, once the bus has run. */
async function open(sample, suffix = '', options = {}) {
  const page = await openPage(app.browser, app.server.url + suffix, { ready: '[data-testid="view-bus"]', problems: app.problems, ...options });
  if ((await page.getAttribute('[data-testid="view-bus"]', 'aria-pressed')) !== 'true') {
    await page.click('[data-testid="view-bus"]');
  }
  await routed(page);
  if (sample) await load(page, sample);
  return page;
}

/** Waits until the bus has run on the current inputs; returns the status line. */
async function routed(page) {
  await page.waitForFunction(() => {
    const s = document.querySelector('[data-testid="bus-status"]');
    return s?.getAttribute('aria-busy') === 'false' && s.textContent !== '';
  });
  return page.textContent('[data-testid="bus-status"]');
}

async function load(page, id) {
  await loadSample(page, id);
  return routed(page);
}

/** The selector of a rule's row: entry (0-based), the Region it reached, the rule's name. */
const rule = (entry, region, name) =>
  `[data-testid="bus-entry"][data-index="${entry}"] [data-testid="bus-arrival"][data-region="${region}"] [data-testid="bus-rule"][data-rule="${name}"]`;

/** [data-region, data-route, data-deferred] of each Region an entry reached. */
const arrivals = (page, entry) =>
  page.$$eval(`[data-testid="bus-entry"][data-index="${entry}"] [data-testid="bus-arrival"]`, (els) =>
    els.map((e) => [e.dataset.region, e.dataset.route, e.dataset.deferred]),
  );

const payload = (page, row, target) => page.textContent(`${row} [data-testid="bus-delivery"][data-target="${target}"] [data-testid="bus-payload"]`);

/** The texts of the highlights with class `cls` in the editor `<name>-editor`. */
const marked = (page, name, cls) =>
  page.$$eval(`[data-testid="${name}-editor"] .ed-layer .${cls}`, (els) => els.map((e) => e.textContent));

test('every bus sample routes as its expectation says', async () => {
  const page = await open();
  await page.click('[data-testid="sample-menu"]');
  const menu = await page.$$eval('[data-testid="sample-menu-item"]', (o) => o.map((e) => e.dataset.id));
  await page.keyboard.press('Escape');
  for (const s of BUS_SAMPLES) {
    assert.ok(menu.includes(s.id), `${s.id} is in the menu`);
    const status = await load(page, s.id);
    assert.equal(await page.textContent('[data-testid="bus-failed-count"]'), String(s.expect.failed), s.id);
    assert.equal(await page.locator('[data-testid="bus-arrival"]').count(), s.expect.arrivals, s.id);
    assert.equal(await page.locator('[data-testid="bus-payload"]').count(), s.expect.payloads, s.id);
    assert.match(status, new RegExp(`${s.expect.failed} failed · ${s.expect.payloads} target payload`), s.id);
    // The rules editor holds the fixture or the inline rules.
    if (s.rules.fixture) {
      assert.equal(await page.inputValue('[data-testid="rules-editor"] textarea'), await fixture(s.rules.fixture));
    }
  }
  await page.context().close();
});

test('the lab bus from the services: matched, unmatched and disabled rules, exact payloads', async () => {
  const page = await open('bus-lab-service');
  // A service puts its event on the default bus of its Region, not through the endpoint.
  assert.deepEqual(await arrivals(page, 0), [['us-east-1', 'direct', 'false']]);
  const done = rule(0, 'us-east-1', 'omics-run-finished');
  assert.equal(await page.getAttribute(done, 'data-verdict'), 'matched');
  // An input transformer with a string template, exactly as the SNS topic receives it.
  assert.equal(await payload(page, done, 'notify'), '"Run run name (1234567) is COMPLETED at 2022-10-20T22:07:35Z"');
  // A JSON template, laid out; Copy gives the exact (compact) text.
  const archive = JSON.parse(await payload(page, done, 'archive-outputs'));
  assert.equal(archive.summary, 'run 1234567 wrote to s3://amzn-s3-demo-bucket/run-output/2101313');
  assert.equal(archive.rule, 'omics-run-finished');
  // Payloads are folded: open one to copy it.
  await page.click(`${done} [data-testid="bus-delivery"][data-target="archive-outputs"] summary`);
  await page.click(`${done} [data-testid="bus-delivery"][data-target="archive-outputs"] [data-testid="bus-copy-payload"]`);
  const [exact, laidOut] = await page.$$eval('[data-testid="copy-text"]', (els) => els.map((e) => e.value));
  assert.deepEqual(JSON.parse(exact), archive);
  assert.ok(!exact.includes('\n  "run"') && laidOut.includes('\n  "run"'), 'the exact payload is as sent, the second field laid out');
  await page.keyboard.press('Escape');
  // Not matched, with the engine's reason; disabled although the pattern matches.
  const task = rule(0, 'us-east-1', 'omics-task-status');
  assert.equal(await page.getAttribute(task, 'data-verdict'), 'not-matched');
  assert.equal(await page.textContent(`${task} [data-testid="bus-rule-reason"]`), 'detail-type is "Run Status Change"; expected "Task Status Change"');
  const paused = rule(0, 'us-east-1', 'omics-everything-paused');
  assert.equal(await page.getAttribute(paused, 'data-verdict'), 'disabled');
  assert.equal(await page.textContent(`${paused} [data-testid="bus-rule-reason"]`), 'the pattern matches, but the rule is DISABLED');
  assert.equal(await page.locator(`${paused} [data-testid="bus-delivery"]`).count(), 0);
  // An InputPath target, on Benchling's partner bus.
  assert.equal(await payload(page, rule(2, 'us-east-1', 'benchling-registrations'), 'registered'), '"seq_Cuf0bmCm"');
  await shot(page, 'bus-lab-service');
  await page.context().close();
});

test('the lab bus through PutEvents: aws. sources refused, Input targets, failed entries', async () => {
  const page = await open('bus-lab-endpoint');
  assert.deepEqual(await arrivals(page, 2), [['us-east-1', 'primary', 'false'], ['us-west-2', 'replica', 'false']]);
  // An Input target.
  assert.deepEqual(JSON.parse(await payload(page, rule(3, 'us-east-1', 'tdp-workflow-metrics'), 'metrics')), { metric: 'workflow', count: 1 });
  // The refused entries, and the API's response.
  const error = (i) => page.$eval(`[data-testid="bus-entry"][data-index="${i}"]`, (e) => [
    e.querySelector('[data-testid="bus-error-code"]')?.textContent,
    e.querySelector('[data-testid="bus-error-message"]')?.textContent,
    e.querySelectorAll('[data-testid="bus-arrival"]').length,
  ]);
  for (const i of [0, 1, 5]) {
    assert.deepEqual(await error(i), ['NotAuthorizedForSourceException', 'Not authorized for the source.', 0], `entry ${i}`);
  }
  assert.deepEqual(await error(6), ['MalformedDetail', 'Detail is malformed.', 0]);
  assert.deepEqual(await error(7), ['InvalidArgument', 'Parameter DetailType is not valid. Reason: DetailType is a required argument.', 0]);
  const response = JSON.parse(await page.textContent('[data-testid="bus-response"]'));
  const lab = BUS_SAMPLES.find((s) => s.id === 'bus-lab-endpoint');
  assert.equal(response.FailedEntryCount, lab.expect.failed);
  assert.equal(response.FailedEntryCount, 5);
  assert.deepEqual([0, 1, 5].map((i) => response.Entries[i].ErrorCode), Array(3).fill('NotAuthorizedForSourceException'));
  assert.equal(response.Entries[6].ErrorCode, 'MalformedDetail');
  assert.equal(response.Entries[2].EventId, await page.textContent('[data-testid="bus-entry"][data-index="2"] [data-testid="bus-event-id"]'));
  await shot(page, 'bus-lab');
  await page.context().close();
});

test('the request switch: events from the services reach their rules, and a share link keeps the mode', async () => {
  const page = await open('bus-lab-endpoint');
  const kind = (k) => `[data-testid="bus-input-kind"] button[data-kind="${k}"]`;
  assert.equal(await page.getAttribute(kind('put-events'), 'aria-pressed'), 'true');
  assert.equal(await page.getAttribute(kind('service'), 'aria-pressed'), 'false');
  assert.equal(await page.getAttribute('[data-testid="request-editor"] textarea', 'aria-label'), 'PutEvents request body (JSON)');
  assert.equal(await page.textContent('[data-testid="bus-entry"][data-index="0"] [data-testid="bus-error-code"]'), 'NotAuthorizedForSourceException');
  await page.click(kind('service'));
  await routed(page);
  assert.equal(await page.getAttribute(kind('service'), 'aria-pressed'), 'true');
  assert.equal(await page.getAttribute(kind('put-events'), 'aria-pressed'), 'false');
  assert.equal(await page.getAttribute('[data-testid="request-editor"] textarea', 'aria-label'), 'Service events (JSON list or JSON Lines)');
  // Endpoint health does not apply to the services' own events.
  assert.equal(await page.locator('[data-testid="bus-unhealthy"]').count(), 0);
  assert.ok(await page.isVisible('[data-testid="bus-health-note"]'));
  // The HealthOmics run event, as the service sends it, in JSON Lines.
  const [run] = JSON.parse(await fixture('lab-service-events.json'));
  await setText(page, 'request', JSON.stringify(run));
  assert.match(await routed(page), /^1 entry: 1 accepted, 0 failed · 2 target payloads$/);
  const done = rule(0, 'us-east-1', 'omics-run-finished');
  assert.equal(await page.getAttribute(done, 'data-verdict'), 'matched');
  assert.equal(await payload(page, done, 'notify'), '"Run run name (1234567) is COMPLETED at 2022-10-20T22:07:35Z"');
  const ids = await page.$$eval('[data-testid="bus-event-id"]', (e) => e.map((x) => x.textContent));
  await page.click('[data-testid="share-button"]');
  const [link] = await page.$$eval('[data-testid="copy-text"]', (els) => els.map((e) => e.value));
  await page.context().close();

  const other = await open(null, link.slice(app.server.url.length));
  assert.equal(await other.getAttribute(kind('service'), 'aria-pressed'), 'true');
  assert.equal(await other.getAttribute(done, 'data-verdict'), 'matched');
  assert.deepEqual(await other.$$eval('[data-testid="bus-event-id"]', (e) => e.map((x) => x.textContent)), ids);
  // Back to PutEvents: the same event, sent by an application, is refused.
  await other.click(kind('put-events'));
  await routed(other);
  assert.equal(await other.getAttribute(kind('put-events'), 'aria-pressed'), 'true');
  assert.equal(await other.locator(done).count(), 0);
  await other.context().close();
});

test('a rule verdict is explained with the pattern view\'s highlights and explanation', async () => {
  const page = await open('bus-lab-service');
  const task = rule(0, 'us-east-1', 'omics-task-status');
  await page.click(`${task} [data-testid="bus-rule-pick"]`);
  assert.equal(await page.getAttribute(`${task} [data-testid="bus-rule-pick"]`, 'aria-pressed'), 'true');
  assert.equal(await page.getAttribute('[data-testid="bus-detail"]', 'data-rule'), 'omics-task-status');
  assert.equal(await page.getAttribute('[data-testid="bus-detail"]', 'data-verdict'), 'not-matched');
  // The pattern and the event on the bus, laid out, with the failed condition red on both sides.
  const event = await page.inputValue('[data-testid="bus-event-editor"] textarea');
  assert.match(event, /\n {2}"detail-type": "Run Status Change",\n/);
  assert.deepEqual(await marked(page, 'bus-pattern', 'm-failed'), ['"detail-type"', '"Task Status Change"']);
  assert.deepEqual(await marked(page, 'bus-event', 'm-failed'), ['"Run Status Change"']);
  assert.deepEqual(await marked(page, 'bus-event', 'm-held'), ['"aws.omics"']);
  const items = await page.$$eval('[data-testid="explanation"] li', (els) => els.map((e) => [e.dataset.path, e.dataset.status]));
  // In the order the pattern names them.
  assert.deepEqual(items, [['source', 'held'], ['detail-type', 'failed']]);
  // Pinning a condition emphasises its partner in the event.
  await page.click('[data-testid="explanation"] li[data-path="source"] .cond-head');
  assert.deepEqual(await marked(page, 'bus-event', 'm-focus'), ['"aws.omics"']);
  assert.match(await page.textContent('[data-testid="focus-bar"]'), /source is "aws\.omics"/);
  await shot(page, 'bus-explained');
  await page.context().close();
});

test('marking the primary Region unhealthy fails the endpoint over to the secondary', async () => {
  const page = await open('bus-lab-endpoint');
  await page.check('[data-testid="bus-unhealthy"][data-endpoint="lab-endpoint"]');
  await routed(page);
  assert.deepEqual(await arrivals(page, 2), [['us-west-2', 'failover', 'false'], ['us-east-1', 'replica', 'true']]);
  const dr = rule(2, 'us-west-2', 'dr-audit');
  // The whole event as the secondary Region's bus delivers it.
  const audited = JSON.parse(await payload(page, dr, 'audit-log'));
  assert.equal(audited.region, 'us-west-2');
  assert.equal(audited.source, 'tdp-your-org-subscription');
  await page.click(`${dr} [data-testid="bus-rule-pick"]`);
  assert.match(await page.inputValue('[data-testid="bus-event-editor"] textarea'), /"region": "us-west-2"/);
  await page.uncheck('[data-testid="bus-unhealthy"][data-endpoint="lab-endpoint"]');
  await routed(page);
  assert.deepEqual((await arrivals(page, 2))[0], ['us-east-1', 'primary', 'false']);
  await page.context().close();
});

test('errors in the rules, the request and the options say where and why', async () => {
  const page = await open('bus-lab-endpoint');
  // A pattern fault inside a JSON rule list: line and column in the file, and the place.
  const rules = '[\n  {"Name": "ok", "EventPattern": {"source": ["a"]}},\n  {"Name": "bad",\n   "EventPattern": {"detail": {"n": [{"numeric": [">", "x"]}]}}}\n]';
  await setText(page, 'request', '[{"Source": "a", "DetailType": "d", "Detail": "{}"}]');
  await setText(page, 'rules', rules);
  // The bad rule is left out with its fault; the good one still routes.
  assert.match(await routed(page), / · 1 definition left out$/);
  const column = rules.split('\n')[3].indexOf('"x"') + 1;
  assert.equal(await page.textContent('[data-testid="bus-rules-error"] .error-where'), `Line 4, column ${column} · [1].EventPattern`);
  assert.match(await page.textContent('[data-testid="bus-rules-error"] .error-message'), /^Event pattern is not valid\. Reason: /);
  assert.deepEqual(await marked(page, 'rules', 'err'), ['"x"']);
  assert.equal(await page.locator('[data-testid="routing"]').count(), 1);
  assert.equal(await page.textContent('[data-testid="bus-refused-rule"] .error-where'), `Line 4, column ${column} · [1].EventPattern`);
  // A template whose parameter has no value: the YAML line of the key that uses it.
  await load(page, 'bus-quilt-template');
  await page.fill('[data-testid="bus-params"]', 'PackageBucket=example');
  assert.equal(await routed(page), 'The rules are refused');
  const quilt = await fixture('quilt-template.yaml');
  const line = quilt.split('\n').findIndex((l) => l.includes('- prefix: !Ref PackageNamePrefix')) + 1;
  assert.match(await page.textContent('[data-testid="bus-rules-error"] .error-where'), new RegExp(`^Line ${line}, column \\d+ · Resources\\.EventBridgeRule\\.Properties\\.EventPattern`));
  assert.match(await page.textContent('[data-testid="bus-rules-error"] .error-message'), /PackageNamePrefix has no Default/);
  // YAML that cannot be read.
  await setText(page, 'rules', 'Resources:\n  Rule: [a\n');
  await routed(page);
  assert.match(await page.textContent('[data-testid="bus-rules-error"] .error-where'), /^Line \d+, column \d+$/);
  assert.match(await page.textContent('[data-testid="bus-rules-error"] .error-message'), /not valid YAML/);
  // A request that is not JSON, and an option that cannot be read.
  await load(page, 'bus-quilt-template');
  await setText(page, 'request', '{"Entries": [\n  }');
  assert.equal(await routed(page), 'The request is refused');
  assert.equal(await page.textContent('[data-testid="bus-request-error"] .error-where'), 'Line 2, column 3 · SerializationException');
  await load(page, 'bus-quilt-template');
  await page.fill('[data-testid="bus-now"]', 'yesterday');
  assert.equal(await routed(page), 'An option cannot be read');
  assert.match(await page.textContent('[data-testid="bus-option-error"]'), /"yesterday" is not an RFC 3339 time stamp/);
  await page.fill('[data-testid="bus-now"]', '2024-05-01T12:00:00Z');
  assert.match(await routed(page), /3 entries: 3 accepted/);
  await shot(page, 'bus-quilt');
  await page.context().close();
});

test('a Bus view share link opens the same rules, request, options and verdict', async () => {
  const page = await open('bus-lab-endpoint');
  await page.check('[data-testid="bus-unhealthy"][data-endpoint="lab-endpoint"]');
  await page.fill('[data-testid="bus-seed"]', '42');
  await routed(page);
  await page.click(`${rule(4, 'us-west-2', 'dr-audit')} [data-testid="bus-rule-pick"]`);
  const ids = await page.$$eval('[data-testid="bus-event-id"]', (e) => e.map((x) => x.textContent));
  await page.click('[data-testid="share-button"]');
  const [link, snippet] = await page.$$eval('[data-testid="copy-text"]', (els) => els.map((e) => e.value));
  assert.ok(link.startsWith(app.server.url + '#s1.'), link);
  const rules = await page.inputValue('[data-testid="rules-editor"] textarea');
  await page.context().close();

  // The embedded widget (read-only) shows the same routing, locked.
  const src = snippet.match(/src="([^"]+)"/)[1].replace('embed=1', 'embed=readonly');
  const widget = await openPage(app.browser, src, { ready: '[data-testid="bus-status"]', problems: app.problems });
  await routed(widget);
  assert.equal(await widget.$('.topbar'), null, 'no full toolbar');
  assert.deepEqual(await widget.$$eval('[data-testid="bus-event-id"]', (e) => e.map((x) => x.textContent)), ids);
  assert.equal(await widget.$eval('[data-testid="rules-editor"] textarea', (e) => e.readOnly), true);
  assert.equal(await widget.isDisabled('[data-testid="bus-seed"]'), true);
  await widget.context().close();

  const other = await open(null, link.slice(app.server.url.length));
  assert.equal(await other.getAttribute('[data-testid="view-bus"]', 'aria-pressed'), 'true');
  assert.equal(await other.inputValue('[data-testid="rules-editor"] textarea'), rules);
  assert.equal(await other.inputValue('[data-testid="bus-seed"]'), '42');
  assert.ok(await other.isChecked('[data-testid="bus-unhealthy"][data-endpoint="lab-endpoint"]'));
  assert.deepEqual(await other.$$eval('[data-testid="bus-event-id"]', (e) => e.map((x) => x.textContent)), ids);
  assert.equal(await other.getAttribute('[data-testid="bus-detail"]', 'data-rule'), 'dr-audit');
  assert.match(await other.textContent('[data-testid="bus-detail"] .detail-title'), /entry 5 · us-west-2/);
  // Back to the pattern view and forth: both views keep their work.
  await other.click('[data-testid="view-pattern"]');
  await other.waitForSelector('[data-testid="verdict"]');
  await other.click('[data-testid="view-bus"]');
  await routed(other);
  assert.equal(await other.inputValue('[data-testid="rules-editor"] textarea'), rules);
  await other.context().close();
});

test('markup in rules, payloads and crafted Bus view links stays text', async () => {
  const evil = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
  const rules = JSON.stringify([{
    Name: 'html',
    EventPattern: { source: [evil] },
    Targets: [{ Id: 't', Arn: 'arn:aws:sqs:us-east-1:123456789012:q', Input: JSON.stringify({ html: evil }) }],
  }], null, 2);
  const request = JSON.stringify({ Entries: [{ Source: evil, DetailType: '</pre><svg onload=window.__pwned=3>', Detail: JSON.stringify({ note: evil }) }] }, null, 2);
  const injected = (page) => page.evaluate(() => ({
    pwned: window.__pwned,
    nodes: document.querySelectorAll('main img, main script, main svg[onload]').length,
  }));
  const page = await open();
  await setText(page, 'rules', rules);
  await setText(page, 'request', request);
  assert.match(await routed(page), /1 accepted, 0 failed · 1 target payload/);
  assert.deepEqual(JSON.parse(await payload(page, rule(0, 'us-east-1', 'html'), 't')), { html: evil });
  assert.deepEqual(await injected(page), { pwned: undefined, nodes: 0 });
  await page.click('[data-testid="share-button"]');
  const [link] = await page.$$eval('[data-testid="copy-text"]', (els) => els.map((e) => e.value));
  await page.context().close();
  const other = await open(null, link.slice(app.server.url.length));
  assert.match(await other.inputValue('[data-testid="bus-event-editor"] textarea'), /<svg onload=/);
  assert.deepEqual(await injected(other), { pwned: undefined, nodes: 0 });
  await other.context().close();
});

test('the Bus view fits a phone and its controls have names', async () => {
  const page = await open('bus-benchling-lambda', '', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no horizontal page scroll (${width})`);
  const unnamed = await page.$$eval('button, select, textarea, input', (els) =>
    els.filter((e) => !(e.getAttribute('aria-label') || e.textContent.trim() || e.labels?.length)).map((e) => e.outerHTML),
  );
  assert.deepEqual(unnamed, []);
  await shot(page, 'bus-phone');
  await page.context().close();
});

/** Every grid cell: [data-entry, data-region, data-rule, data-state]. */
const gridCells = (page) =>
  page.$$eval('[data-testid="bus-grid-cell"]', (els) => els.map((e) => [Number(e.dataset.entry), e.dataset.region, e.dataset.rule, e.dataset.state]));

/** What the detailed table says of entry `entry` and rule `name` in `region`: the grid state it
 * stands for ('failed' for a refused entry, 'absent' when the event did not reach that bus). */
const tableState = (page, entry, region, name) =>
  page.$eval(`[data-testid="bus-entry"][data-index="${entry}"]`, (e, [region, name]) => {
    if (e.querySelector('[data-testid="bus-error-code"]')) return 'failed';
    const arrival = e.querySelector(`[data-testid="bus-arrival"][data-region="${region}"]`);
    const row = arrival?.querySelector(`[data-testid="bus-rule"][data-rule="${name}"]`);
    if (!row) return 'absent';
    return { matched: 'delivered', 'not-matched': 'not-matched', disabled: 'disabled' }[row.dataset.verdict];
  }, [region, name]);

/** WCAG contrast of an element's text with the background it is drawn on (the first opaque
 * background up its ancestors). */
const contrast = (page, selector) =>
  page.$eval(selector, (el) => {
    const rgb = (c) => {
      const srgb = c.match(/^color\(srgb ([\d.]+) ([\d.]+) ([\d.]+)(?: \/ ([\d.]+))?\)$/);
      if (srgb) return [srgb[1] * 255, srgb[2] * 255, srgb[3] * 255, srgb[4] === undefined ? 1 : Number(srgb[4])];
      const m = c.match(/rgba?\(([\d.]+), ([\d.]+), ([\d.]+)(?:, ([\d.]+))?\)/);
      return [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])];
    };
    const lum = ([r, g, b]) => {
      const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    let bg = null;
    for (let n = el; n && !bg; n = n.parentElement) {
      const c = rgb(getComputedStyle(n).backgroundColor);
      if (c[3] === 1) bg = c;
    }
    const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(bg)];
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  });

test('the grid shows every entry against every rule as the detailed table routes it', async () => {
  const page = await open('bus-lab-endpoint');
  const cells = await gridCells(page);
  const entries = await page.locator('[data-testid="bus-entry"]').count();
  const columns = await page.locator('[data-testid="bus-grid"] th.grid-rule').count();
  assert.equal(cells.length, entries * columns);
  // Each cell says what the detailed table says, and the table's every verdict has its cell.
  for (const [entry, region, name, state] of cells) {
    assert.equal(state, await tableState(page, entry, region, name), `entry ${entry}, ${name} in ${region}`);
  }
  const verdicts = await page.$$eval('[data-testid="bus-entry"]', (els) => els.flatMap((e) =>
    [...e.querySelectorAll('[data-testid="bus-arrival"]')].flatMap((a) =>
      [...a.querySelectorAll('[data-testid="bus-rule"]')].map((r) => `${e.dataset.index} ${a.dataset.region} ${r.dataset.rule}`))));
  const picked = cells.filter((c) => !['failed', 'absent'].includes(c[3])).map((c) => c.slice(0, 3).join(' '));
  assert.deepEqual([...picked].sort(), [...verdicts].sort());
  // The refused entries are whole rows of failure marks, their codes in the row; the count at the
  // top leads to them.
  const failedRows = [...new Set(cells.filter((c) => c[3] === 'failed').map((c) => c[0]))];
  assert.deepEqual(failedRows, [0, 1, 5, 6, 7]);
  const reserved = 'NotAuthorizedForSourceException';
  assert.deepEqual(await page.$$eval('[data-testid="bus-grid-error"]', (els) => els.map((e) => e.textContent)), [reserved, reserved, reserved, 'MalformedDetail', 'InvalidArgument']);
  const { failed } = BUS_SAMPLES.find((s) => s.id === 'bus-lab-endpoint').expect;
  assert.equal(failedRows.length, failed);
  assert.match(await page.textContent('[data-testid="bus-failed-jump"]'), new RegExp(`^${failed} entries failed:`));
  await page.click('[data-testid="bus-failed-link"][data-index="7"]');
  await page.waitForFunction(() => {
    const r = document.getElementById('bus-entry-7').getBoundingClientRect();
    return r.top >= 0 && r.top < innerHeight;
  });
  // Cells have accessible names, and a real table has headers for them.
  const named = await page.getAttribute('[data-testid="bus-grid-cell"][data-entry="2"][data-region="us-east-1"][data-rule="tdp-images-searchable"] button', 'aria-label');
  assert.equal(named, 'entry 3, rule tdp-images-searchable in us-east-1: delivered');
  assert.ok(await page.locator('[data-testid="bus-grid"] thead th[scope="col"]').count() > 1);
  assert.equal(await page.locator('[data-testid="bus-grid"] tbody th[scope="row"]').count(), entries);
  await page.context().close();
});

test('a grid cell picks its verdict, explains it and scrolls the table to it', async () => {
  const page = await open('bus-lab-endpoint');
  const cell = '[data-testid="bus-grid-cell"][data-entry="4"][data-region="us-west-2"][data-rule="dr-audit"]';
  const state = await page.getAttribute(cell, 'data-state');
  await page.click(`${cell} button`);
  assert.equal(await page.getAttribute('[data-testid="bus-detail"]', 'data-rule'), 'dr-audit');
  assert.match(await page.textContent('[data-testid="bus-detail"] .detail-title'), /entry 5 · us-west-2/);
  assert.equal(await page.getAttribute(`${cell} button`, 'aria-pressed'), 'true');
  const row = rule(4, 'us-west-2', 'dr-audit');
  assert.equal(await page.getAttribute(`${row} [data-testid="bus-rule-pick"]`, 'aria-pressed'), 'true');
  assert.equal(await tableState(page, 4, 'us-west-2', 'dr-audit'), state);
  await page.waitForFunction((sel) => {
    const r = document.querySelector(sel).getBoundingClientRect();
    return r.top >= 0 && r.top < innerHeight;
  }, row);
  await page.context().close();
});

test('delivering only: the detailed table keeps the rules that delivered (and the one picked)', async () => {
  const page = await open('bus-lab-service');
  const all = await page.locator('[data-testid="bus-rule"]').count();
  const delivered = (await gridCells(page)).filter((c) => c[3] === 'delivered').length;
  const picked = await page.getAttribute('[data-testid="bus-detail"]', 'data-rule');
  await page.check('[data-testid="bus-delivering-only"]');
  const shown = await page.$$eval('[data-testid="bus-rule"]', (els) => els.map((e) => e.dataset.verdict));
  assert.ok(shown.every((v) => v === 'matched'), shown.join());
  assert.equal(shown.length, delivered, 'the first delivery is the one picked');
  assert.ok(picked);
  const hidden = await page.$$eval('[data-testid="bus-hidden"]', (els) => els.reduce((n, e) => n + Number(e.textContent.split(' ')[0]), 0));
  assert.equal(hidden + delivered, all);
  // A verdict picked in the grid stays in view though it did not deliver.
  await page.click('[data-testid="bus-grid-cell"][data-entry="0"][data-region="us-east-1"][data-rule="omics-task-status"] button');
  assert.equal(await page.getAttribute(rule(0, 'us-east-1', 'omics-task-status'), 'data-verdict'), 'not-matched');
  assert.equal(await page.locator('[data-testid="bus-rule"]').count(), delivered + 1);
  await page.uncheck('[data-testid="bus-delivering-only"]');
  assert.equal(await page.locator('[data-testid="bus-rule"]').count(), all);
  await page.context().close();
});

test('payloads are folded under their target line, keeping the lab page short', async () => {
  const page = await open('bus-lab-endpoint');
  const folds = page.locator('details[data-testid="bus-delivery"]');
  // One fold a delivery: every lab target receives a payload.
  assert.equal(await folds.count(), BUS_SAMPLES.find((s) => s.id === 'bus-lab-endpoint').expect.payloads);
  assert.deepEqual([...new Set(await folds.evaluateAll((els) => els.map((e) => e.open)))], [false]);
  assert.equal(await page.locator('[data-testid="bus-payload"]').first().isVisible(), false);
  const height = () => page.evaluate(() => document.querySelector('[data-testid="routing"]').getBoundingClientRect().height);
  const folded = await height();
  const images = rule(2, 'us-east-1', 'tdp-images-searchable');
  await page.click(`${images} [data-testid="bus-delivery"][data-target="image-indexer"] summary`);
  const payloadBox = `${images} [data-testid="bus-delivery"][data-target="image-indexer"] [data-testid="bus-payload"]`;
  assert.equal(await page.isVisible(payloadBox), true);
  // The payload box takes the keyboard focus (it may scroll) and has a name.
  assert.equal(await page.getAttribute(payloadBox, 'tabindex'), '0');
  assert.equal(await page.getAttribute(payloadBox, 'aria-label'), 'Payload of target image-indexer');
  await folds.evaluateAll((els) => els.forEach((e) => { e.open = true; }));
  const unfolded = await height();
  assert.ok(folded < unfolded * 0.75, `folded ${folded}px, unfolded ${unfolded}px`);
  await page.context().close();
});

test('a MalformedDetail entry says the parser\'s reason and place in its Detail', async () => {
  const page = await open('bus-lab-endpoint');
  // The lab's entry 7 holds an array.
  const lab = '[data-testid="bus-entry"][data-index="6"] [data-testid="bus-error-detail"]';
  assert.equal(await page.textContent(lab), 'Detail line 1, column 1: Detail must hold a JSON object; it holds an array');
  const detail = '{\n  "run": "1234",\n  "status": COMPLETED\n}';
  await setText(page, 'request', JSON.stringify({ Entries: [
    { Source: 'com.example.lab', DetailType: 'Run Status Change', Detail: '{"status": "COMPLETED"}' },
    { Source: 'com.example.lab', DetailType: 'Run Status Change', Detail: detail },
  ] }, null, 2));
  assert.match(await routed(page), /2 entries: 1 accepted, 1 failed/);
  const line = detail.split('\n').findIndex((l) => l.includes('COMPLETED')) + 1;
  const column = detail.split('\n')[line - 1].indexOf('COMPLETED') + 1;
  const shown = '[data-testid="bus-entry"][data-index="1"] [data-testid="bus-error-detail"]';
  assert.deepEqual(await page.$eval(shown, (e) => [e.dataset.line, e.dataset.column]), [String(line), String(column)]);
  assert.match(await page.textContent(shown), new RegExp(`^Detail line ${line}, column ${column}: Unrecognized token 'COMPLETED'`));
  // AWS's words stay as they are, in the entry and in the response.
  assert.equal(await page.textContent('[data-testid="bus-entry"][data-index="1"] [data-testid="bus-error-message"]'), 'Detail is malformed.');
  const response = JSON.parse(await page.textContent('[data-testid="bus-response"]'));
  assert.deepEqual(response.Entries[1], { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' });
  await page.context().close();
});

test('a bad rule is reported on that rule while another still delivers', async () => {
  const page = await open('bus-lab-endpoint');
  const rules = JSON.stringify([
    { Name: 'good', EventPattern: { source: ['app'] }, Targets: [{ Id: 'q', Arn: 'arn:aws:sqs:us-east-1:123456789012:q' }] },
    { Name: 'bad', EventPattern: { source: [{ prefix: 1 }] } },
    { Name: 'too-many', EventPattern: { source: ['app'] }, Targets: [1, 2, 3, 4, 5, 6].map((i) => ({ Id: `t${i}`, Arn: 'arn:aws:sqs:us-east-1:123456789012:q' })) },
  ], null, 2);
  await setText(page, 'rules', rules);
  await setText(page, 'request', JSON.stringify([{ Source: 'app', DetailType: 'd', Detail: '{}' }]));
  assert.match(await routed(page), /1 accepted, 0 failed · 1 target payload · 2 definitions left out$/);
  assert.equal(await page.getAttribute(rule(0, 'us-east-1', 'good'), 'data-verdict'), 'matched');
  assert.deepEqual(await gridCells(page), [[0, 'us-east-1', 'good', 'delivered']]);
  const boxes = await page.$$eval('[data-testid="bus-refused-rule"]', (els) => els.map((e) => [
    e.querySelector('.error-where').textContent, e.querySelector('.error-message').textContent,
  ]));
  const at = (needle, n = 0) => {
    const lines = rules.split('\n');
    const i = lines.findIndex((l, k) => l.includes(needle) && k >= n);
    return [i + 1, lines[i].indexOf(needle) + 1];
  };
  const [line, column] = at('1', rules.split('\n').findIndex((l) => l.includes('"bad"')));
  assert.equal(boxes.length, 2);
  assert.equal(boxes[0][0], `Line ${line}, column ${column} · [1].EventPattern`);
  assert.match(boxes[0][1], /^Event pattern is not valid\. Reason: /);
  assert.match(boxes[1][0], /· \[2\]\.Targets$/);
  assert.match(boxes[1][1], /too-many has 6 targets/);
  // Show selects the fault in the rules editor.
  await page.click('[data-testid="bus-refused-rule"] >> nth=1 >> button');
  const selected = await page.$eval('[data-testid="rules-editor"] textarea', (t) => t.value.slice(t.selectionStart, t.selectionEnd));
  assert.match(selected, /^"Targets"|^\[/);
  await shot(page, 'bus-refused-rule');
  await page.context().close();
});

test('a read-only embed folds the options so that its height goes to the routing', async () => {
  const page = await open('bus-lab-endpoint');
  await page.click('[data-testid="share-button"]');
  const [, snippet] = await page.$$eval('[data-testid="copy-text"]', (els) => els.map((e) => e.value));
  await page.context().close();
  const src = snippet.match(/src="([^"]+)"/)[1].replace('embed=1', 'embed=readonly');
  const widget = await openPage(app.browser, src, { ready: '[data-testid="bus-status"]', problems: app.problems, viewport: { width: 900, height: 700 } });
  await routed(widget);
  const fold = '[data-testid="bus-options-fold"]';
  assert.equal(await widget.$eval(fold, (e) => e.open), false);
  assert.equal(await widget.isVisible('[data-testid="bus-seed"]'), false);
  assert.match(await widget.textContent(`${fold} summary`), /account 123456789012, us-east-1/);
  assert.ok((await widget.$eval(fold, (e) => e.getBoundingClientRect().height)) < 60);
  await widget.click(`${fold} summary`);
  assert.equal(await widget.isVisible('[data-testid="bus-seed"]'), true);
  assert.equal(await widget.isDisabled('[data-testid="bus-seed"]'), true);
  await widget.context().close();
  // The editable page has no fold.
  const editable = await open('bus-lab-endpoint');
  assert.equal(await editable.locator(fold).count(), 0);
  assert.equal(await editable.isVisible('[data-testid="bus-seed"]'), true);
  await editable.context().close();
});

test('the grid and the new texts in light, dark and phone width', async () => {
  for (const [name, options] of [
    ['bus-grid-light', { colorScheme: 'light' }],
    ['bus-grid-dark', { colorScheme: 'dark' }],
    ['bus-grid-phone', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }],
  ]) {
    const page = await open('bus-lab-endpoint', '', options);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= (options.viewport?.width ?? 1440), `${name}: no horizontal page scroll (${width})`);
    // The grid scrolls inside its box, which the keyboard can reach.
    assert.equal(await page.getAttribute('.bus-grid-wrap', 'tabindex'), '0');
    await page.click('[data-testid="bus-delivery"][data-target="image-indexer"] summary >> nth=0');
    const contrasts = async (selectors) => {
      for (const sel of selectors) {
        const ratio = await contrast(page, sel);
        assert.ok(ratio >= 4.5, `${name}: ${sel} contrast ${ratio.toFixed(2)}`);
      }
    };
    await contrasts([
      '.grid-legend', '.grid-legend .g-delivered', '.grid-legend .g-failed', '.bus-grid .g-delivered button', '.bus-grid .g-not-matched button',
      '.bus-grid .g-failed .grid-mark', '[data-testid="bus-grid-error"]',
      '[data-testid="bus-failed-jump"] strong', '[data-testid="bus-error-detail"] .error-place', '[data-testid="bus-error-detail"]',
      '.bus-filter', '[data-testid="bus-delivery-summary"] .target-id', '[data-testid="bus-payload"]',
    ]);
    await shot(page, name);
    // A disabled rule: the lab's HealthOmics events, from the service.
    await load(page, 'bus-lab-service');
    await page.click('[data-testid="bus-delivery"][data-target="notify"] summary >> nth=0');
    await contrasts(['.bus-grid .g-disabled button', '.bus-input-kind [aria-pressed="true"]', '.bus-input-kind [aria-pressed="false"]', '[data-testid="bus-payload"]']);
    await shot(page, `${name}-service`);
    await page.context().close();
  }
});

test('no console errors on any Bus view page', () => {
  assert.deepEqual(app.problems, []);
});
