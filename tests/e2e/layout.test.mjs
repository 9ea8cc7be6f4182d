// Browser tests of the playground's layout: the page does not move while a text turns invalid,
// the last valid explanation stays (dimmed) meanwhile, the embed snippet sizes its iframe to the
// widget's content, and the editors stay side by side on narrow windows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, openApp, setText, expectVerdict, loadSample, share, shot } from './harness.mjs';

const app = setup();
const open = (suffix, options) => openApp(app, suffix, options);

/** The viewport box of `selector`: [left, top, width, height]. */
const box = (page, selector) =>
  page.$eval(selector, (e) => {
    const r = e.getBoundingClientRect();
    return [r.left, r.top, r.width, r.height];
  });

/** The largest difference between two boxes' coordinates. */
const moved = (a, b) => Math.max(...a.map((x, i) => Math.abs(x - b[i])));

test('the verdict and the other editor stay put while the pattern turns invalid and back', async () => {
  const page = await open();
  await loadSample(page, 'tdp-workflow-pipeline');
  await expectVerdict(page, 'No match');
  const pattern = await page.inputValue('[data-testid="pattern-editor"] textarea');
  /** Where the verdict is (its text's top left corner), the card around it, the event editor. */
  const places = async () => [
    (await box(page, '[data-testid="verdict"]')).slice(0, 2),
    await box(page, '.verdict-card'),
    await box(page, '[data-testid="event-editor"]'),
  ];
  const stays = (a, b, what) => {
    assert.ok(moved(a[0], b[0]) <= 4, `${what}: the verdict moved: ${a[0]} → ${b[0]}`);
    assert.ok(moved(a[1], b[1]) <= 4, `${what}: the verdict card moved: ${a[1]} → ${b[1]}`);
    assert.equal(moved(a[2], b[2]), 0, `${what}: the event editor moved: ${a[2]} → ${b[2]}`);
  };
  const before = await places();
  await setText(page, 'pattern', pattern.trimEnd().slice(0, -1));
  await expectVerdict(page, 'Invalid pattern');
  await page.waitForSelector('[data-testid="pattern-error"]');
  stays(before, await places(), 'invalid');
  await shot(page, 'invalid-pattern-stale');
  await setText(page, 'pattern', pattern);
  await expectVerdict(page, 'No match');
  stays(before, await places(), 'valid again');
  await page.context().close();
});

test('while a text is invalid, the last valid explanation stays, dimmed, with a note', async () => {
  const page = await open();
  await setText(page, 'pattern', '{"source": ["aws.omics"], "detail": {"status": ["FAILED"]}}');
  await setText(page, 'event', '{"source": "aws.omics", "detail": {"status": "FAILED"}}');
  await expectVerdict(page, 'Match');
  const paths = () => page.$$eval('[data-testid="explanation"] li .path', (els) => els.map((e) => e.textContent));
  const valid = await paths();
  assert.deepEqual(valid, ['source', 'detail.status']);
  assert.equal(await page.$('[data-testid="stale-note"]'), null);
  await setText(page, 'event', '{"source": "aws.omics", "detail": {"status": "FAILED"}');
  await expectVerdict(page, 'Invalid event');
  assert.match(await page.textContent('[data-testid="stale-note"]'), /last valid version/);
  assert.deepEqual(await paths(), valid, 'the conditions of the last valid texts stay');
  const filter = await page.$eval('[data-testid="explanation"]', (e) => getComputedStyle(e).filter);
  assert.match(filter, /grayscale/, 'dimmed');
  await setText(page, 'event', '{"source": "aws.omics", "detail": {"status": "RUNNING"}}');
  await expectVerdict(page, 'No match');
  assert.equal(await page.$('[data-testid="stale-note"]'), null);
  await page.context().close();
});

test('the embed snippet in a host page sizes the iframe to the widget\'s content', async () => {
  const page = await open();
  await loadSample(page, 'tdp-file-extension');
  const { snippet } = await share(page);
  assert.match(snippet, /<script>/, 'the snippet carries the resizing script');
  await page.context().close();

  app.pages['/host.html'] = `<!doctype html><html lang="en"><title>Team docs</title><h1>Team docs</h1>${snippet}<p>After the widget.</p>`;
  const host = await app.browser.newContext({ viewport: { width: 1000, height: 800 } });
  const hostPage = await host.newPage();
  await hostPage.goto(`${app.server.origin}/host.html`);
  const iframe = await hostPage.waitForSelector('iframe[data-eventlens]');
  const frame = await iframe.contentFrame();
  await frame.waitForSelector('[data-testid="verdict"]');
  await hostPage.waitForFunction(() => document.querySelector('iframe').style.height !== '');
  // Let the widget settle (fonts, layout), then the iframe is as tall as what it shows.
  await hostPage.waitForTimeout(300);
  const content = await frame.evaluate(() => document.body.scrollHeight);
  const height = await iframe.evaluate((f) => f.getBoundingClientRect().height);
  assert.ok(Math.abs(height - content) <= 1, `iframe ${height}px, content ${content}px`);
  assert.notEqual(height, 480, 'not the snippet\'s default height');
  // Nothing scrolls inside the widget.
  assert.equal(await frame.evaluate(() => document.documentElement.scrollHeight <= innerHeight + 1), true);
  await host.close();
});

test('the editors stay side by side at 700 px', async () => {
  const page = await open('', { viewport: { width: 700, height: 900 } });
  const pattern = await box(page, '[data-testid="pattern-editor"]');
  const event = await box(page, '[data-testid="event-editor"]');
  assert.equal(pattern[1], event[1], 'on one row');
  assert.ok(pattern[0] + pattern[2] <= event[0], `pattern ${pattern}, event ${event}`);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 700), 'no horizontal scroll');
  await shot(page, 'width-700');
  await page.context().close();
});

test('screenshots of the new states: light, dark and phone', async () => {
  for (const [name, options] of [
    ['light', {}],
    ['dark', { colorScheme: 'dark' }],
    ['phone', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }],
  ]) {
    const page = await open('', options);
    await setText(page, 'pattern', '{"source": ["aws.omics"], "detail": {"status": ["FAILED"]}}');
    await loadSample(page, 'many-events-omics');
    await page.click('[data-testid="matrix-expect"][data-event="0"][data-pattern="0"]');
    await page.click('[data-testid="matrix-cell"][data-event="2"][data-pattern="0"]');
    await page.click('[data-testid="expect-match"]');
    await page.waitForSelector('[data-testid="undo"]');
    await shot(page, `expectations-${name}`);
    await page.click('[data-testid="recent-menu"]');
    await page.waitForSelector('[data-testid="recent-menu-item"]');
    await shot(page, `recent-${name}`);
    await page.keyboard.press('Escape');
    await setText(page, 'pattern', '{"source": ["aws.omics"], "detail": {"status": "FAILED"}}');
    await expectVerdict(page, 'Invalid pattern');
    await page.click('[data-testid="pattern-message-toggle"]');
    await page.waitForSelector('[data-testid="stale-note"]');
    await shot(page, `invalid-stale-${name}`);
    await page.context().close();
  }
});
