// Accessibility of the playground: axe-core finds no critical or serious violation in each of
// its states (the count per impact is printed for each), the dialogs are modal and keep the
// focus, and on touch screens every visible control is at least 44 px each way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, openApp, setText, expectVerdict, loadSample, share, axeViolations } from './harness.mjs';

const app = setup();
const open = (suffix, options) => openApp(app, suffix, options);

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/** Each state: its name, the page's options, and how to reach it from a first load. */
const STATES = [
  ['first load', {}, async () => {}],
  ['a miss', {}, async (page) => {
    await loadSample(page, 'tdp-workflow-pipeline');
    await expectVerdict(page, 'No match');
  }],
  ['an invalid pattern', {}, async (page) => {
    await setText(page, 'pattern', '{"source": "aws.s3"}');
    await expectVerdict(page, 'Invalid pattern');
    await page.click('[data-testid="pattern-message-toggle"]');
  }],
  ['the share dialog', {}, async (page) => { await share(page); }],
  ['the operator reference', {}, async (page) => {
    await page.click('[data-testid="reference-toggle"]');
    await page.waitForSelector('[data-testid="reference"]');
  }],
  ['the matrix', {}, async (page) => {
    await loadSample(page, 'many-events-omics');
    await page.click('[data-testid="matrix-expect"][data-event="1"][data-pattern="0"]');
    await page.click('[data-testid="expect-no-match"]');
  }],
  ['the sample menu', {}, async (page) => { await page.click('[data-testid="sample-menu"]'); }],
  ['the Bus view', {}, async (page) => {
    await page.click('[data-testid="view-bus"]');
    await page.waitForSelector('[data-testid="bus-status"][aria-busy="false"]');
  }],
  ['phone width', PHONE, async (page) => {
    await loadSample(page, 'tdp-workflow-pipeline');
    await expectVerdict(page, 'No match');
  }],
  ['embed', {}, async (page) => {
    await page.goto((await share(page)).src);
    await page.reload();
    await page.waitForSelector('.app.embed [data-testid="verdict"]');
  }],
  ['dark theme', { colorScheme: 'dark' }, async (page) => {
    await loadSample(page, 'many-events-omics');
    await page.click('[data-testid="matrix-cell"][data-event="2"][data-pattern="0"]');
    await setText(page, 'event', '{"source": ');
    await expectVerdict(page, 'Invalid event');
  }],
];

for (const [state, options, reach] of STATES) {
  test(`axe: no critical or serious violation in ${state}`, async () => {
    const page = await open('', options);
    await reach(page);
    assert.deepEqual(await axeViolations(page, state), []);
    await page.context().close();
  });
}

test('the share dialog is modal and Tab cannot leave it', async () => {
  const page = await open();
  await page.click('[data-testid="share-button"]');
  const dialog = '[data-testid="copy-dialog"]';
  assert.equal(await page.getAttribute(dialog, 'aria-modal'), 'true');
  assert.equal(await page.getAttribute(dialog, 'role'), 'dialog');
  const inside = () => page.$eval(dialog, (d) => d.contains(document.activeElement));
  assert.ok(await inside(), 'the dialog takes the focus');
  const count = await page.$$eval(`${dialog} button, ${dialog} textarea`, (els) => els.length);
  for (let i = 0; i < count + 2; i++) {
    await page.keyboard.press('Tab');
    assert.ok(await inside(), `Tab ${i + 1} stays in the dialog`);
  }
  for (let i = 0; i < count + 2; i++) {
    await page.keyboard.press('Shift+Tab');
    assert.ok(await inside(), `Shift+Tab ${i + 1} stays in the dialog`);
  }
  await page.keyboard.press('Escape');
  assert.equal(await page.$(dialog), null);
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'share-button', 'the focus goes back');
  await page.context().close();
});

/** The visible buttons, menu items, inputs and selects smaller than 44 px either way. */
const smallTargets = (page) =>
  page.$$eval('button, select, input, [role="button"], a[href]', (els) =>
    els
      .filter((e) => e.checkVisibility() && e.getBoundingClientRect().width > 0)
      .map((e) => [e.dataset.testid || e.getAttribute('aria-label') || e.textContent.trim().slice(0, 30), e.getBoundingClientRect()])
      .filter(([, r]) => r.width < 44 || r.height < 44)
      .map(([name, r]) => `${name}: ${Math.round(r.width)}x${Math.round(r.height)}`),
  );

test('touch screens: every visible control is at least 44 px each way', async () => {
  const page = await open('', PHONE);
  await loadSample(page, 'many-events-omics');
  await page.click('[data-testid="matrix-cell"][data-event="2"][data-pattern="0"]');
  assert.deepEqual(await smallTargets(page), [], 'pattern view with the matrix');
  await setText(page, 'pattern', '{"source": "aws.s3"}');
  await expectVerdict(page, 'Invalid pattern');
  assert.deepEqual(await smallTargets(page), [], 'with the error strip');
  await page.click('[data-testid="sample-menu"]');
  assert.deepEqual(await smallTargets(page), [], 'the sample menu');
  await page.keyboard.press('Escape');
  // The menus stay within the screen.
  await page.click('[data-testid="recent-menu"]');
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 390, 'no horizontal scroll');
  await page.keyboard.press('Escape');
  await page.click('[data-testid="share-button"]');
  assert.deepEqual(await smallTargets(page), [], 'the share dialog');
  await page.context().close();
});
