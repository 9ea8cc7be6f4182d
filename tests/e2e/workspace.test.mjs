// Browser tests of the playground's workspace: samples that open beside one's work, Undo, the
// Recent menu (also after opening a share link), and the verdicts one expects of pairs, set in
// the verdict card and in the matrix and kept in share links.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, openApp, setText, expectVerdict, loadSample } from './harness.mjs';

const app = setup();
const open = (suffix, options) => openApp(app, suffix, options);

const PATTERN = '{\n  "detail": {"typed": ["by hand"]}\n}';
const EVENT = '{"detail": {"typed": "by hand", "note": "ünïcödé ✓"}}';

const text = (page, side) => page.inputValue(`[data-testid="${side}-editor"] textarea`);
const tabs = (page, side) => page.$$eval(`[data-testid="${side}-tab"]`, (els) => els.map((e) => e.textContent));

/** Types the pattern and event above and waits for their verdict. */
async function typeWork(page, pattern = PATTERN, event = EVENT) {
  await setText(page, 'pattern', pattern);
  await setText(page, 'event', event);
  await expectVerdict(page, 'Match');
}

/** Opens the Recent menu and returns its items' labels. */
async function recentItems(page) {
  await page.click('[data-testid="recent-menu"]');
  return page.$$eval('[data-testid="recent-menu-item"]', (els) => els.map((e) => e.textContent));
}

test('the sample menu: arrow keys load nothing, Enter opens the sample beside the typed work, Undo puts it back', async () => {
  const page = await open();
  await typeWork(page);
  const before = [await tabs(page, 'pattern'), await tabs(page, 'event')];
  await page.click('[data-testid="sample-menu"]');
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
  const id = await page.evaluate(() => document.activeElement.dataset.id);
  assert.ok(id, 'the arrow keys move the focus through the items');
  await page.waitForTimeout(400);
  assert.equal(await text(page, 'pattern'), PATTERN, 'moving through the menu loads nothing');
  assert.equal(await text(page, 'event'), EVENT);
  assert.equal(await page.$('[data-testid="undo"]'), null);

  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid="undo"]');
  assert.match(await page.textContent('[data-testid="notice"]'), /beside your patterns and events/);
  assert.notEqual(await text(page, 'pattern'), PATTERN, 'the sample is shown');
  // The typed docs are still there, beside the sample's.
  const patternTabs = await tabs(page, 'pattern');
  assert.ok(patternTabs.length > before[0].length, `${patternTabs}`);
  assert.ok(before[0].every((name) => patternTabs.includes(name)), `${before[0]} kept in ${patternTabs}`);

  await page.click('[data-testid="undo"]');
  assert.equal(await text(page, 'pattern'), PATTERN);
  assert.equal(await text(page, 'event'), EVENT);
  assert.deepEqual([await tabs(page, 'pattern'), await tabs(page, 'event')], before);
  await expectVerdict(page, 'Match');
  await page.context().close();
});

test('a pristine sample is replaced by the next one, not kept beside it', async () => {
  const page = await open();
  await loadSample(page, 'many-events-omics');
  const first = await tabs(page, 'event');
  await loadSample(page, 'tdp-file-extension');
  await loadSample(page, 'many-events-omics');
  assert.deepEqual(await tabs(page, 'event'), first);
  await page.context().close();
});

test('Recent reopens an earlier workspace', async () => {
  const page = await open();
  assert.deepEqual(await recentItems(page), [], 'nothing replaced yet');
  assert.match(await page.textContent('.menu-empty'), /appear here/);
  await page.keyboard.press('Escape');
  await typeWork(page);
  await loadSample(page, 'tdp-file-extension');
  await page.waitForSelector('[data-testid="undo"]');
  await typeWork(page, '{"detail": {"second": [true]}}', '{"detail": {"second": true}}');
  await loadSample(page, 'quilt-package-revision');
  const items = await recentItems(page);
  assert.equal(items.length, 2, `${items}`);
  // The newest first: the second typed workspace, then the first.
  await page.click('[data-testid="recent-menu-item"] >> nth=1');
  assert.equal(await text(page, 'pattern'), PATTERN);
  assert.equal(await text(page, 'event'), EVENT);
  await expectVerdict(page, 'Match');
  assert.match(await page.textContent('[data-testid="notice"]'), /Reopened/);
  await page.context().close();
});

test('opening a share link keeps the autosaved work in Recent', async () => {
  const page = await open();
  await typeWork(page, '{"detail": {"shared": [true]}}', '{"detail": {"shared": true}}');
  await page.click('[data-testid="share-button"]');
  const link = await page.inputValue('[data-testid="copy-text"] >> nth=0');
  await page.keyboard.press('Escape');
  const saved = await page.evaluate(() => localStorage.getItem('eventlens.workspace'));
  await typeWork(page);
  await page.waitForFunction((old) => localStorage.getItem('eventlens.workspace') !== old, saved);

  // The same browser opens the link: the link's workspace is shown, the autosaved one is in Recent.
  const other = await page.context().newPage();
  await other.goto(link);
  await other.waitForSelector('[data-testid="verdict"]');
  assert.equal(await text(other, 'pattern'), '{"detail": {"shared": [true]}}');
  const items = await recentItems(other);
  assert.equal(items.length, 1, `${items}`);
  await other.click('[data-testid="recent-menu-item"]');
  assert.equal(await text(other, 'pattern'), PATTERN);
  assert.equal(await text(other, 'event'), EVENT);
  await page.context().close();
});

/** [data-expect, matrix-expect's data-value] of each cell, by "event,pattern". */
const cellStates = (page) =>
  page.$$eval('[data-testid="matrix-cell"]', (els) =>
    Object.fromEntries(els.map((e) => {
      const expect = e.parentElement.querySelector('[data-testid="matrix-expect"]');
      return [`${e.dataset.event},${e.dataset.pattern}`, [e.dataset.expect ?? null, expect.dataset.value ?? null, e.textContent.trim()]];
    })),
  );

test('expectations: set in the verdict card and the matrix, pass or fail shown, kept in share links', async () => {
  const page = await open();
  await loadSample(page, 'many-events-omics');
  const expectation = () => page.getAttribute('[data-testid="expectation"]', 'data-state');
  // The sample brings its verdicts as expectations, all met.
  assert.equal(await expectation(), 'pass');
  assert.match(await page.textContent('[data-testid="matrix-score"]'), / 0 not$/);
  // Clear them from the matrix (each cell cycles match → no match → none).
  for (;;) {
    const set = page.locator('[data-testid="matrix-expect"][data-value]').first();
    if ((await set.count()) === 0) break;
    await set.click();
  }
  assert.equal(await expectation(), 'none');
  assert.equal(await page.$('[data-testid="matrix-score"]'), null);

  // The verdict card: the pair shown (event 2 does not match).
  await page.click('[data-testid="matrix-cell"][data-event="2"][data-pattern="0"]');
  await expectVerdict(page, 'No match');
  await page.click('[data-testid="expect-match"]');
  assert.equal(await expectation(), 'fail');
  assert.match(await page.textContent('[data-testid="expectation"]'), /expected a match/);
  assert.equal(await page.getAttribute('[data-testid="expect-match"]', 'aria-pressed'), 'true');
  await page.click('[data-testid="expect-no-match"]');
  assert.equal(await expectation(), 'pass');
  assert.equal(await page.getAttribute('[data-testid="expect-match"]', 'aria-pressed'), 'false');
  let cells = await cellStates(page);
  assert.deepEqual(cells['2,0'].slice(0, 2), ['pass', 'no-match'], 'the matrix shows the card\'s expectation');

  // The matrix: a cell's expectation cycles none → match → no match → none.
  const cycle = '[data-testid="matrix-expect"][data-event="0"][data-pattern="0"]';
  const first = cells['0,0'];
  assert.deepEqual(first.slice(0, 2), [null, null]);
  const matches = first[2].endsWith('Match') && !first[2].endsWith('No match');
  await page.click(cycle);
  cells = await cellStates(page);
  assert.deepEqual(cells['0,0'].slice(0, 2), [matches ? 'pass' : 'fail', 'match']);
  await page.click(cycle);
  await page.click(cycle);
  assert.deepEqual((await cellStates(page))['0,0'].slice(0, 2), [null, null], 'back to none');
  await page.click(cycle);
  await page.click(cycle);
  cells = await cellStates(page);
  assert.deepEqual(cells['0,0'].slice(0, 2), [matches ? 'fail' : 'pass', 'no-match']);
  const met = Object.values(cells).filter(([s]) => s === 'pass').length;
  const unmet = Object.values(cells).filter(([s]) => s === 'fail').length;
  assert.equal(met + unmet, 2);
  assert.equal((await page.textContent('[data-testid="matrix-score"]')).trim(), `· expectations: ${met} met, ${unmet} not`);

  // A share link holds them.
  await page.click('[data-testid="share-button"]');
  const link = await page.inputValue('[data-testid="copy-text"] >> nth=0');
  assert.match(await page.textContent('[data-testid="copy-dialog"]'), /2 expectation\(s\)/);
  await page.context().close();
  const other = await open(link.slice(app.server.url.length));
  await expectVerdict(other, 'No match');
  assert.equal(await other.getAttribute('[data-testid="expectation"]', 'data-state'), 'pass');
  assert.deepEqual(await cellStates(other), cells);
  await other.context().close();
});
