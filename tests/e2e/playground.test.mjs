// Browser tests of the playground (dist/ from `trunk build --release`), served under a sub-path
// by a local static server and driven in headless Chromium. Screenshots go to tests/artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { setup, openApp, setText, shot, expectVerdict, loadSample, ROOT, SUB_PATH } from './harness.mjs';

const SAMPLES = JSON.parse(await fs.readFile(path.join(ROOT, 'web/samples.json'), 'utf8'));
const BUS_SAMPLES = JSON.parse(await fs.readFile(path.join(ROOT, 'web/bus-samples.json'), 'utf8'));

const app = setup();

const open = (suffix, options) => openApp(app, suffix, options);

/** The texts of the highlight spans with class `cls` in an editor. */
function marked(page, side, cls) {
  return page.$$eval(`[data-testid="${side}-editor"] .ed-layer .${cls}`, (els) =>
    els.map((e) => e.textContent),
  );
}

const OMICS_PATTERN = '{"source": ["aws.omics"], "detail": {"status": ["COMPLETED", "FAILED"], "runName": [{"prefix": "café"}]}}';
const omicsEvent = (status) =>
  JSON.stringify(
    { source: 'aws.omics', 'detail-type': 'Run Status Change', detail: { runName: 'café ☕ run', status } },
    null,
    2,
  );

test('typing a pattern and an event gives the verdict', async () => {
  const page = await open();
  const pattern = page.locator('[data-testid="pattern-editor"] textarea');
  await pattern.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  // Brackets and quotes close themselves (typing the closer steps over it), and Enter between
  // brackets indents.
  await page.keyboard.type('{');
  await page.keyboard.press('Enter');
  await page.keyboard.type('"detail": {"state": ["running"]}');
  assert.equal(await pattern.inputValue(), '{\n  "detail": {"state": ["running"]}\n}');
  // A closing brace typed on a blank line steps back a level.
  await setText(page, 'pattern', '{\n  "detail": {"state": ["running"]}');
  await pattern.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('}');
  assert.equal(await pattern.inputValue(), '{\n  "detail": {"state": ["running"]}\n}');
  await setText(page, 'event', '{"detail": {"state": "running"}}');
  await expectVerdict(page, 'Match');
  const event = page.locator('[data-testid="event-editor"] textarea');
  await event.click();
  await page.keyboard.press('End');
  for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('N');
  assert.equal(await event.inputValue(), '{"detail": {"state": "runNing"}}');
  await expectVerdict(page, 'No match');
  // Pasted text goes in as text: markup is never interpreted.
  await setText(page, 'event', '{"detail": {"state": "<img src=x onerror=alert(1)><b>bold</b>"}}');
  await expectVerdict(page, 'No match');
  assert.equal(await page.$$eval('[data-testid="event-editor"] img, [data-testid="event-editor"] b', (e) => e.length), 0);
  const layer = await page.textContent('[data-testid="event-editor"] .ed-layer');
  assert.ok(layer.includes('<img src=x onerror=alert(1)><b>bold</b>'));
  await page.context().close();
});

test('a match highlights the conditions and values in green and grey', async () => {
  const page = await open();
  await setText(page, 'pattern', OMICS_PATTERN);
  await setText(page, 'event', omicsEvent('COMPLETED'));
  await expectVerdict(page, 'Match');
  assert.deepEqual(await marked(page, 'pattern', 'm-held'), [
    '"source"', '"aws.omics"', '"status"', '"COMPLETED"', '"runName"', '{"prefix": "café"}',
  ]);
  assert.deepEqual(await marked(page, 'pattern', 'm-unreached'), ['"FAILED"']);
  assert.deepEqual(await marked(page, 'pattern', 'm-failed'), []);
  // Spans are right after non-ASCII text too.
  assert.deepEqual(await marked(page, 'event', 'm-held'), ['"aws.omics"', '"café ☕ run"', '"COMPLETED"']);
  const paths = await page.$$eval('[data-testid="explanation"] li .path', (els) => els.map((e) => e.textContent));
  assert.deepEqual(paths.sort(), ['detail.runName', 'detail.status', 'source']);
  await shot(page, 'match-light');
  await page.context().close();
});

test('a miss is red, conditions are listed in pattern order, and hovering pairs both sides', async () => {
  const page = await open();
  await setText(page, 'pattern', OMICS_PATTERN);
  await setText(page, 'event', omicsEvent('RUNNING'));
  await expectVerdict(page, 'No match');
  assert.deepEqual(await marked(page, 'pattern', 'm-failed'), ['"status"', '"COMPLETED"', '"FAILED"']);
  assert.deepEqual(await marked(page, 'event', 'm-failed'), ['"RUNNING"']);
  const items = await page.$$eval('[data-testid="explanation"] li', (els) =>
    els.map((e) => [e.querySelector('.path').textContent, e.dataset.status, e.querySelector('.reason').textContent]),
  );
  // In the order the pattern names them (not failing first).
  assert.deepEqual(items.map(([p]) => p), ['source', 'detail.status', 'detail.runName']);
  assert.deepEqual(items[1], [
    'detail.status', 'failed', 'detail.status is "RUNNING"; expected one of "COMPLETED", "FAILED"',
  ]);
  assert.ok([items[0], items[2]].every(([, status]) => status === 'held'));
  // Hover the event value (through the transparent textarea): its pattern partner is emphasised
  // and the reason is shown.
  await page.hover('[data-testid="event-editor"] .ed-layer .m-failed', { force: true });
  await page.waitForSelector('[data-testid="pattern-editor"] .m-focus');
  assert.deepEqual(await marked(page, 'pattern', 'm-focus'), ['"status"', '"COMPLETED"', '"FAILED"']);
  assert.match(await page.textContent('[data-testid="focus-bar"]'), /detail\.status is "RUNNING"/);
  await shot(page, 'miss-light');
  // Clicking a condition in the explanation pins it.
  await page.mouse.move(0, 0);
  await page.click('[data-testid="explanation"] li[data-path="source"] .cond-head');
  assert.deepEqual(await marked(page, 'event', 'm-focus'), ['"aws.omics"']);
  await page.context().close();
});

test('an array condition shows the deciding value first and sums up the others', async () => {
  const page = await open();
  const tasks = Array.from({ length: 30 }, (_, i) => ({ s: i === 29 ? 'FAILED' : 'COMPLETED' }));
  await setText(page, 'pattern', '{"tasks": {"s": ["FAILED"]}}');
  await setText(page, 'event', JSON.stringify({ tasks }, null, 2));
  await expectVerdict(page, 'Match');
  const item = '[data-testid="explanation"] li[data-path="tasks.s"]';
  const values = await page.$$eval(`${item} .val .chip`, (els) => els.map((e) => [e.textContent, e.classList.contains('m-held')]));
  assert.deepEqual(values[0], ['"FAILED"', true], 'the value that decided comes first');
  assert.ok(values.slice(1).every(([v, held]) => v === '"COMPLETED"' && !held), `${values}`);
  assert.match(await page.textContent(`${item} [data-testid="values-others"]`), new RegExp(`^${30 - values.length} others: "COMPLETED" ×${30 - values.length}$`));
  await page.context().close();
});

/** Where the highlight `selector` sits relative to line `line` (0-based) of the gutter:
 * [top offset, bottom offset, line height] in px. */
function offsetFromGutter(page, side, selector, line) {
  return page.evaluate(
    ([side, selector, line]) => {
      const editor = document.querySelector(`[data-testid="${side}-editor"]`);
      const gutter = editor.querySelector('.gutter');
      const style = getComputedStyle(gutter);
      const height = parseFloat(style.lineHeight);
      const lineTop = gutter.getBoundingClientRect().top + parseFloat(style.paddingTop) + line * height;
      const box = editor.querySelector(selector).getBoundingClientRect();
      return [box.top - lineTop, box.bottom - lineTop, height];
    },
    [side, selector, line],
  );
}

test('highlights line up with the text, also deep in a long event', async () => {
  const page = await open();
  const items = Array.from({ length: 3000 }, (_, i) => `    {"name": "item-${i}", "size": ${i}}`);
  const event = `{\n  "source": "aws.omics",\n  "items": [\n${items.join(',\n')}\n  ]\n}`;
  await setText(page, 'pattern', '{"items": {"name": ["item-2000"]}}');
  await setText(page, 'event', event);
  await expectVerdict(page, 'Match');
  const line = event.slice(0, event.indexOf('"item-2000"')).split('\n').length - 1;
  await page.$eval('[data-testid="event-editor"] .ed-scroll', (el, y) => { el.scrollTop = y; }, (line - 5) * 21);
  await page.waitForSelector('[data-testid="event-editor"] .m-held');
  assert.deepEqual(await marked(page, 'event', 'm-held'), ['"item-2000"']);
  const [top, bottom, height] = await offsetFromGutter(page, 'event', '.m-held', line);
  assert.ok(top >= 0 && bottom <= height, `the highlight (${top}..${bottom}px) is within its line (0..${height}px)`);
  // Only the lines in view are drawn.
  const drawn = await page.$eval('[data-testid="event-editor"] .ed-layer', (el) => el.textContent.length);
  assert.ok(drawn < event.length / 4, `${drawn} of ${event.length} characters drawn`);
  await page.context().close();
});

test('an invalid pattern shows AWS\'s message, underlined where it is', async () => {
  const page = await open();
  await setText(page, 'pattern', '{"source": "aws.s3"}');
  await expectVerdict(page, 'Invalid pattern');
  // The strip under the editor says where; AWS's message opens on demand.
  assert.match(await page.textContent('[data-testid="pattern-error"] .error-where'), /Line 1, column 12/);
  assert.equal(await page.isVisible('[data-testid="pattern-error"] .error-message'), false);
  await page.click('[data-testid="pattern-message-toggle"]');
  // In view and on top: nothing clips or covers the middle of the message.
  assert.equal(await page.$eval('[data-testid="pattern-error"] .error-message', (m) => {
    const r = m.getBoundingClientRect();
    return m.contains(document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2));
  }), true);
  assert.equal(
    await page.textContent('[data-testid="pattern-error"] .error-message'),
    'Event pattern is not valid. Reason: "source" must be an object or an array',
  );
  assert.deepEqual(await marked(page, 'pattern', 'err'), ['"aws.s3"']);
  // The rest of the page keeps working: fix it and the verdict comes back.
  await setText(page, 'pattern', '{\n  "source": ["aws.s3"]\n');
  await expectVerdict(page, 'Invalid pattern');
  assert.match(await page.textContent('[data-testid="pattern-error"]'), /Unexpected end-of-input: expected close marker for Object/);
  assert.match(await page.textContent('[data-testid="pattern-error"] .error-where'), /Line 3/);
  assert.ok(await page.$('[data-testid="pattern-error-end"]'), 'the end of the text is marked');
  await shot(page, 'invalid-pattern');
  await setText(page, 'pattern', '{"source": ["aws.omics"]}');
  await expectVerdict(page, 'Match');
  assert.equal(await page.$('[data-testid="pattern-error"]'), null);
  assert.ok(await page.$('[data-testid="pattern-strip"]'), 'a valid pattern has the quiet strip');
  await page.context().close();
});

test('an event over 256 KB is refused with a message, and huge pastes are refused', async () => {
  const page = await open();
  const big = JSON.stringify({ source: 'aws.omics', detail: { blob: 'x'.repeat(300 * 1024) } });
  const started = Date.now();
  await setText(page, 'event', big);
  await expectVerdict(page, 'Invalid event');
  assert.ok(Date.now() - started < 5000);
  assert.match(
    await page.textContent('[data-testid="event-error"]'),
    new RegExp(`Event is ${big.length} bytes; the limit is 262144 bytes`),
  );
  const refused = await page.evaluate(() => {
    const area = document.querySelector('[data-testid="event-editor"] textarea');
    const data = new DataTransfer();
    data.setData('text/plain', 'y'.repeat(2 * 1024 * 1024));
    const paste = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });
    area.dispatchEvent(paste);
    return paste.defaultPrevented;
  });
  assert.equal(refused, true);
  assert.match(await page.textContent('[data-testid="notice"]'), /Paste refused: 2\.0 MB/);
  await page.context().close();
});

test('every sample gives its expected verdict', async () => {
  const page = await open();
  await page.click('[data-testid="sample-menu"]');
  const ids = await page.$$eval('[data-testid="sample-menu-item"]', (o) => o.map((e) => e.dataset.id));
  assert.deepEqual(ids, [...SAMPLES, ...BUS_SAMPLES].map((s) => s.id), 'the menu lists both libraries');
  await page.keyboard.press('Escape');
  for (const s of SAMPLES) {
    await loadSample(page, s.id);
    await expectVerdict(page, s.expect);
    if (s.matrix) {
      const cells = await page.$$eval('[data-testid="matrix-cell"]', (els) =>
        els.map((e) => [Number(e.dataset.event), Number(e.dataset.pattern), e.textContent.trim()]),
      );
      for (const [row, col, text] of cells) {
        assert.ok(text.endsWith(s.matrix[row][col]), `${s.id} [${row}][${col}]: ${text}`);
      }
      assert.equal(cells.length, s.matrix.length * s.matrix[0].length);
    }
    if (s.expect === 'Match' || s.expect === 'No match') {
      const n = await page.$$eval('[data-testid="explanation"] li', (e) => e.length);
      assert.ok(n > 0, `${s.id} explains its conditions`);
    }
  }
  await loadSample(page, 'tdp-search-label-split');
  await shot(page, 'sample-array-consistency');
  await page.context().close();
});

test('the matrix: several events against one pattern, click a cell to explain it', async () => {
  const page = await open();
  await loadSample(page, 'many-events-omics');
  await page.click('[data-testid="matrix-cell"][data-event="2"][data-pattern="0"]');
  await expectVerdict(page, 'No match');
  assert.match(await page.inputValue('[data-testid="event-editor"] textarea'), /PROCESSING_UPLOAD/);
  // Add a pattern: the matrix grows a column.
  await page.click('[data-testid="add-pattern"]');
  assert.equal(await page.$$eval('[data-testid="matrix-cell"]', (e) => e.length), 8);
  await shot(page, 'matrix');
  await page.context().close();
});

test('the operator reference loads examples into the editors', async () => {
  const page = await open();
  await page.click('[data-testid="reference-toggle"]');
  const entries = await page.$$eval('[data-testid="reference-try"]', (els) => els.map((e) => e.dataset.sample));
  const operators = SAMPLES.filter((s) => s.operator);
  assert.deepEqual(entries, operators.map((s) => s.id));
  await page.click('[data-testid="reference-try"][data-sample="op-cidr"]');
  assert.match(await page.inputValue('[data-testid="pattern-editor"] textarea'), /"cidr": "10\.0\.0\.0\/8"/);
  await expectVerdict(page, 'Match');
  await shot(page, 'reference');
  await page.keyboard.press('Escape');
  assert.equal(await page.$('[data-testid="reference"]'), null);
  await page.context().close();
});

test('copy as AWS CLI command and as CloudFormation / CDK', async () => {
  const page = await open();
  await loadSample(page, 'quilt-package-revision');
  await page.click('[data-testid="copy-cli"]');
  const cli = await page.inputValue('[data-testid="copy-text"]');
  assert.ok(cli.startsWith(`aws events test-event-pattern --event-pattern '{"source":["com.quiltdata"],`), cli);
  assert.match(cli, / --event '\{"version":"0","id":"6425eb6a-/);
  await page.keyboard.press('Escape');
  await page.click('[data-testid="copy-cfn"]');
  const [cf, cdk] = await page.$$eval('[data-testid="copy-text"]', (els) => els.map((e) => e.value));
  const template = JSON.parse(cf);
  assert.deepEqual(template.Resources.Rule1Rule.Properties.EventPattern.detail.handle, [{ prefix: 'some/' }]);
  assert.match(cdk, /new events\.CfnRule\(this, 'Rule1Rule', \{\n {2}eventPattern: \{/);
  await shot(page, 'export-dialog');
  await page.click('.dialog-foot button');
  await page.context().close();
});

test('a share link opens exactly what was shared, from the sub-path', async () => {
  const page = await open();
  await loadSample(page, 'benchling-entity-schema');
  await expectVerdict(page, 'No match');
  // The explanation suggests the field the pattern meant.
  assert.match(
    await page.textContent('[data-testid="explanation"] li[data-path="detail.entity.schema.id.value"] .hint'),
    /did you mean detail\.entity\.schema\.id\?/,
  );
  await page.click('[data-testid="add-event"]');
  await setText(page, 'event', '{"detail-type": "v2.entity.registered", "note": "ünïcödé ✓ <tag>"}');
  await expectVerdict(page, 'No match');
  const pattern = await page.inputValue('[data-testid="pattern-editor"] textarea');
  await page.click('[data-testid="share-button"]');
  const [link, snippet] = await page.$$eval('[data-testid="copy-text"]', (els) => els.map((e) => e.value));
  assert.ok(link.startsWith(app.server.url + '#s1.'), link);
  assert.match(snippet, /^<iframe src="[^"]+\?embed=1#s1\.[^"]+" title="EventBridge pattern playground"/);
  assert.equal(new URL(page.url()).hash, new URL(link).hash, 'the address bar holds the link');
  await shot(page, 'share-dialog');
  await page.context().close();

  const other = await open(link.slice(app.server.url.length));
  assert.equal(await other.inputValue('[data-testid="pattern-editor"] textarea'), pattern);
  assert.equal(
    await other.inputValue('[data-testid="event-editor"] textarea'),
    '{"detail-type": "v2.entity.registered", "note": "ünïcödé ✓ <tag>"}',
  );
  assert.deepEqual(await other.$$eval('[data-testid="event-tab"]', (e) => e.map((x) => x.textContent)), ['event-1', 'event-2']);
  await expectVerdict(other, 'No match');
  // A damaged link says so, and the page still works.
  await other.goto(app.server.url + '#s1.broken');
  await other.reload();
  await other.waitForSelector('[data-testid="notice"]');
  assert.match(await other.textContent('[data-testid="notice"]'), /damaged/);
  await other.context().close();
});

test('pasted markup and a crafted share link stay text: nothing runs, nothing is inserted', async () => {
  const evil = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
  const page = await open();
  await setText(page, 'pattern', `{"detail": {"note": ["${evil.replaceAll('"', '\\"')}"]}}`);
  await setText(page, 'event', `{"detail": {"note": "${evil.replaceAll('"', '\\"')}"}, "k<b>": "</pre><svg onload=window.__pwned=3>"}`);
  await expectVerdict(page, 'Match');
  const injected = () => page.evaluate(() => ({
    pwned: window.__pwned,
    nodes: document.querySelectorAll('main img, main script, main svg[onload], [data-testid] b').length,
  }));
  assert.deepEqual(await injected(), { pwned: undefined, nodes: 0 });
  // The same text through a share link opens as text in a fresh page.
  await page.click('[data-testid="share-button"]');
  const [link] = await page.$$eval('[data-testid="copy-text"]', (els) => els.map((e) => e.value));
  await page.context().close();
  const other = await open(link.slice(app.server.url.length));
  await expectVerdict(other, 'Match');
  assert.ok((await other.inputValue('[data-testid="event-editor"] textarea')).includes('<svg onload='));
  assert.deepEqual(await other.evaluate(() => window.__pwned), undefined);
  assert.equal(await other.evaluate(() => document.querySelectorAll('main img, main script').length), 0);
  await other.context().close();
});

test('work is autosaved in the browser', async () => {
  const page = await open();
  await setText(page, 'pattern', '{"detail": {"autosaved": [true]}}');
  await setText(page, 'event', '{"detail": {"autosaved": true}}');
  await expectVerdict(page, 'Match');
  await page.waitForFunction(() => localStorage.getItem('eventlens.workspace') !== null);
  await page.reload();
  await page.waitForSelector('[data-testid="verdict"]');
  assert.equal(await page.inputValue('[data-testid="pattern-editor"] textarea'), '{"detail": {"autosaved": [true]}}');
  await expectVerdict(page, 'Match');
  await page.context().close();
});

test('embed mode: a compact widget, editable or read-only, and the documented iframe works', async () => {
  const page = await open();
  await loadSample(page, 'tdp-file-extension');
  await page.click('[data-testid="share-button"]');
  const snippet = (await page.$$eval('[data-testid="copy-text"]', (els) => els.map((e) => e.value)))[1];
  const src = snippet.match(/src="([^"]+)"/)[1];
  await page.context().close();

  const widget = await open(src.slice(app.server.url.length), { viewport: { width: 900, height: 520 } });
  assert.equal(await widget.$('.topbar'), null, 'no full toolbar');
  assert.equal(await widget.$('[data-testid="sample-menu"]'), null);
  await expectVerdict(widget, 'Match');
  assert.equal(await widget.$eval('[data-testid="pattern-editor"] textarea', (e) => e.readOnly), false);
  assert.match(await widget.getAttribute('.open-full', 'href'), new RegExp(`^${app.server.url.replace(/[.]/g, '\\.')}#s1\\.`));
  await shot(widget, 'embed');
  await widget.goto(src.replace('embed=1', 'embed=readonly'));
  await widget.reload();
  await widget.waitForSelector('[data-testid="verdict"]');
  assert.equal(await widget.$eval('[data-testid="event-editor"] textarea', (e) => e.readOnly), true);
  await widget.context().close();

  // The snippet, pasted into a page.
  const host = await app.browser.newContext();
  const hostPage = await host.newPage();
  await hostPage.setContent(`<!doctype html><h1>Team docs</h1>${snippet}`);
  const frame = hostPage.frameLocator('iframe');
  await frame.locator('[data-testid="verdict"]').waitFor();
  assert.equal(await frame.locator('[data-testid="verdict"]').textContent(), 'Match');
  await host.close();
});

test('themes and phone width', async () => {
  for (const [name, options] of [
    ['dark', { colorScheme: 'dark' }],
    ['phone', { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }],
    ['phone-dark', { viewport: { width: 390, height: 844 }, colorScheme: 'dark', isMobile: true }],
  ]) {
    const page = await open('', options);
    await loadSample(page, 'tdp-workflow-pipeline');
    await expectVerdict(page, 'No match');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= (options.viewport?.width ?? 1440), `${name}: no horizontal page scroll (${width})`);
    await shot(page, `miss-${name}`);
    await page.context().close();
  }
  const page = await open('', { colorScheme: 'dark' });
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, 'rgb(13, 17, 23)', 'dark theme follows the system');
  await page.click('[data-testid="theme-toggle"]');
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(244, 246, 249)');
  await page.context().close();
});

test('keyboard: the editors can be left with Esc then Tab, and controls have names', async () => {
  const page = await open();
  await page.focus('[data-testid="pattern-editor"] textarea');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'pattern-input', 'Tab indents');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  assert.notEqual(await page.evaluate(() => document.activeElement.id), 'pattern-input');
  const unnamed = await page.$$eval('button, select, textarea, input', (els) =>
    els.filter((e) => !(e.getAttribute('aria-label') || e.textContent.trim() || e.labels?.length)).map((e) => e.outerHTML),
  );
  assert.deepEqual(unnamed, []);
  await page.context().close();
});

test('no network request after the first load', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const requests = [];
  page.on('request', (r) => {
    if (!r.url().startsWith('data:')) requests.push(r.url());
  });
  await page.goto(app.server.url);
  await page.waitForSelector('[data-testid="verdict"]');
  await page.waitForLoadState('networkidle');
  const first = requests.length;
  assert.ok(requests.every((u) => u.startsWith(app.server.url)), `only the app's own files: ${requests}`);
  assert.ok(requests.some((u) => u.endsWith('.wasm')) && requests.some((u) => u.includes(SUB_PATH)));
  // Use everything.
  await setText(page, 'pattern', '{"source": ["aws.s3"]}');
  await loadSample(page, 'many-rules-tdp');
  await page.click('[data-testid="matrix-cell"][data-pattern="2"]');
  await page.click('[data-testid="reference-toggle"]');
  await page.click('[data-testid="reference-try"][data-sample="op-wildcard"]');
  await page.keyboard.press('Escape');
  await page.click('[data-testid="share-button"]');
  await page.keyboard.press('Escape');
  await page.click('[data-testid="copy-cli"]');
  await page.keyboard.press('Escape');
  await page.click('[data-testid="copy-cfn"]');
  await page.keyboard.press('Escape');
  await page.click('[data-testid="theme-toggle"]');
  await page.click('[data-testid="format-event"]');
  await page.waitForTimeout(500);
  assert.deepEqual(requests.slice(first), []);
  await context.close();
});

test('no console errors on any page', () => {
  assert.deepEqual(app.problems, []);
});
