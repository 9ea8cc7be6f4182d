// Writing patterns in the browser: conditions built from the event (value actions), completion
// and closing pairs in the pattern editor, quick fixes for slips, a PutEvents entry offered as
// the delivered event, and a stable page while the text is invalid.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, openPage, setText, shot, expectVerdict } from './harness.mjs';

const app = setup();
const open = (options = {}) =>
  openPage(app.browser, app.server.url, { ready: '[data-testid="verdict"]', problems: app.problems, ...options });
const verdict = (page) => page.textContent('[data-testid="verdict"]');
const patternText = (page) => page.inputValue('[data-testid="pattern-editor"] textarea');

/** Waits until the engine has run on the editors' texts and the verdict reads `text`. */
const verdictIs = expectVerdict;

/** Puts the event editor's caret inside the first occurrence of `needle` (plus `offset`). */
async function caretAt(page, needle, offset = 1) {
  await page.$eval(
    '[data-testid="event-editor"] textarea',
    (area, [needle, offset]) => {
      const at = area.value.indexOf(needle);
      if (at < 0) throw new Error(`${needle} is not in the event`);
      area.focus();
      area.setSelectionRange(at + offset, at + offset);
      area.dispatchEvent(new KeyboardEvent('keyup', { bubbles: true }));
    },
    [needle, offset],
  );
}

const EVENT = JSON.stringify(
  {
    source: 'aws.omics',
    'detail-type': 'Run Status Change',
    detail: { status: 'FAILED', runId: '1234567', size: 12, ip: '10.0.3.7', name: 'run-é-2024.fastq.gz' },
  },
  null,
  2,
);

test('value actions add each kind of condition at the value\'s path, and the pattern matches', async () => {
  const page = await open();
  await setText(page, 'event', EVENT);
  await setText(page, 'pattern', '{\n  "source": ["aws.omics"]\n}');
  await verdictIs(page, 'Match');

  await caretAt(page, '"FAILED"', 2);
  await page.keyboard.press('Alt+Enter');
  const menu = page.locator('[data-testid="value-actions"]');
  await menu.waitFor();
  const ops = await menu.locator('[data-operator]').evaluateAll((els) => els.map((e) => e.dataset.operator));
  for (const op of ['exact', 'prefix', 'suffix', 'equals-ignore-case', 'anything-but', 'exists', 'wildcard']) {
    assert.ok(ops.includes(op), `${op} offered for a string: ${ops}`);
  }
  assert.ok(!ops.includes('numeric') && !ops.includes('cidr'), 'no numeric or cidr for "FAILED"');
  await shot(page, 'authoring-value-actions');
  await menu.locator('[data-operator="exact"]').click();
  await page.waitForFunction(() =>
    document.querySelector('[data-testid="pattern-editor"] textarea').value.includes('"FAILED"'),
  );
  const text = await patternText(page);
  assert.deepEqual(JSON.parse(text), { source: ['aws.omics'], detail: { status: ['FAILED'] } });
  assert.ok(text.startsWith('{\n  "source": ["aws.omics"]'), 'the rest of the text is untouched');
  await verdictIs(page, 'Match');

  // A number: numeric equality and a range; the keyboard chooses.
  await caretAt(page, '"size": 12', 9);
  await page.keyboard.press('Alt+Enter');
  await menu.waitFor();
  const numeric = await menu.locator('[data-operator="numeric"]').count();
  assert.equal(numeric, 2, 'numeric = and a range around the value');
  await menu.locator('[data-operator="numeric"]').first().click();
  await page.waitForFunction(() =>
    document.querySelector('[data-testid="pattern-editor"] textarea').value.includes('numeric'),
  );
  await verdictIs(page, 'Match');

  // An IP address: cidr, via the button beside the caret's line.
  await caretAt(page, '10.0.3.7', 2);
  await page.locator('[data-testid="event-line-action"]').click();
  await menu.locator('[data-operator="cidr"]').click();
  await page.waitForFunction(() =>
    document.querySelector('[data-testid="pattern-editor"] textarea').value.includes('cidr'),
  );
  await verdictIs(page, 'Match');
  const pattern = JSON.parse(await patternText(page));
  assert.equal(pattern.detail.status[0], 'FAILED', 'earlier conditions stay');
  assert.ok(pattern.detail.ip[0].cidr.startsWith('10.0.3.'));

  // Esc closes the menu without changing anything.
  const before = await patternText(page);
  await caretAt(page, 'run-é', 2);
  await page.keyboard.press('Alt+Enter');
  await menu.waitFor();
  await page.keyboard.press('Escape');
  await menu.waitFor({ state: 'detached' });
  assert.equal(await patternText(page), before);
  await page.close();
});

test('"New pattern from this event" opens a pattern beside the one shown', async () => {
  const page = await open();
  await setText(page, 'event', EVENT);
  await setText(page, 'pattern', '{"detail": {"status": ["COMPLETED"]}}');
  await verdictIs(page, 'No match');
  await caretAt(page, '"aws.omics"', 2);
  await page.keyboard.press('Alt+Enter');
  await page.locator('[data-testid="value-actions"] [data-operator="new-pattern"]').click();
  await verdictIs(page, 'Match');
  assert.deepEqual(JSON.parse(await patternText(page)), {
    source: ['aws.omics'],
    'detail-type': ['Run Status Change'],
  });
  assert.equal(await page.locator('[data-testid="pattern-tab"]').count(), 2, 'the first pattern stays');
  await page.close();
});

test('completion offers the events\' keys, operators and values; brackets and quotes close', async () => {
  const page = await open();
  await setText(page, 'event', EVENT);
  await setText(page, 'pattern', '');
  const area = page.locator('[data-testid="pattern-editor"] textarea');
  await area.focus();
  await page.keyboard.type('{');
  assert.equal(await patternText(page), '{}', 'the bracket closes');
  await page.keyboard.type('"');
  const list = page.locator('[data-testid="completion"]');
  await list.waitFor();
  const keys = await list.locator('[data-testid="completion-item"]').evaluateAll((els) => els.map((e) => e.dataset.value));
  for (const k of ['source', 'detail-type', 'detail']) assert.ok(keys.includes(k), `${k} in ${keys}`);
  await shot(page, 'authoring-completion');
  await page.keyboard.type('det');
  await page.waitForFunction(() =>
    [...document.querySelectorAll('[data-testid="completion-item"]')].every((e) => e.dataset.value.startsWith('det')),
  );
  // detail-type comes before detail? Pick "detail" explicitly.
  await list.locator('[data-value="detail"]').click();
  let text = await patternText(page);
  assert.match(text, /^\{"detail": \{.*\}\}$/s, text);
  // Inside detail's object: its keys.
  await page.keyboard.type('"');
  await list.waitFor();
  await list.locator('[data-value="status"]').click();
  // In the status list: the values seen there.
  await page.keyboard.press('Control+Space');
  await list.waitFor();
  const values = await list.locator('[data-testid="completion-item"]').evaluateAll((els) => els.map((e) => e.dataset.value));
  assert.ok(values.includes('"FAILED"'), values.join());
  await page.keyboard.press('Enter');
  await verdictIs(page, 'Match');
  text = await patternText(page);
  assert.deepEqual(JSON.parse(text), { detail: { status: ['FAILED'] } });
  // Esc closes an open list.
  await page.keyboard.press('Control+Space');
  await page.keyboard.press('Escape');
  assert.equal(await list.count(), 0);
  await page.close();
});

test('slips get plain words and a one-click fix; the underline sits on the fault', async () => {
  const page = await open();
  await setText(page, 'event', EVENT);
  const fixes = [
    ['{"source": "aws.omics"}', 'wrap-in-array'],
    ['{"source": ["aws.omics"],}', 'remove-comma'],
    ["{'source': ['aws.omics']}", 'double-quotes'],
    ['{source: ["aws.omics"]}', 'quote-keys'],
  ];
  for (const [broken, fix] of fixes) {
    await setText(page, 'pattern', broken);
    await verdictIs(page, 'Invalid pattern');
    const strip = page.locator('[data-testid="pattern-error"]');
    const button = strip.locator(`[data-testid="quick-fix"][data-fix="${fix}"]`);
    await button.waitFor();
    if (fix === 'remove-comma') {
      const underlined = await page.textContent('[data-testid="pattern-editor"] .err');
      assert.equal(underlined, ',', 'the comma itself is underlined');
      await shot(page, 'authoring-quick-fix');
    }
    // AWS's message stays available.
    assert.match(await strip.locator('.error-message').textContent(), /Event pattern is not valid|Unexpected|was expecting/);
    await button.click();
    await verdictIs(page, 'Match');
    assert.deepEqual(JSON.parse(await patternText(page)), { source: ['aws.omics'] }, broken);
  }
  // CloudFormation left in the pattern: words and the way to the Bus view.
  await setText(page, 'pattern', '{"account": [{"Ref": "AWS::AccountId"}]}');
  await verdictIs(page, 'Invalid pattern');
  assert.match(await page.textContent('[data-testid="pattern-error"]'), /CloudFormation/);
  await page.locator('[data-testid="quick-fix"][data-fix="open-bus"]').click();
  await page.waitForSelector('[data-testid="view-bus"][aria-pressed="true"]');
  await page.close();
});

test('a PutEvents entry pasted as the event is offered as the event EventBridge delivers', async () => {
  const page = await open();
  await setText(page, 'pattern', '{"source": ["com.example.orders"], "detail-type": ["Order Placed"], "detail": {"total": [{"numeric": [">", 10]}]}}');
  const entry = { Source: 'com.example.orders', DetailType: 'Order Placed', Detail: JSON.stringify({ total: 42 }) };
  await setText(page, 'event', JSON.stringify(entry, null, 2));
  await verdictIs(page, 'No match');
  const hints = await page.locator('.hint').allTextContents();
  assert.ok(!hints.some((h) => /did you mean `?DetailType/.test(h)), `no hint to rename the pattern's key: ${hints}`);
  await page.locator('[data-testid="convert-entry"]').click();
  await verdictIs(page, 'Match');
  assert.equal(await page.locator('[data-testid="event-tab"]').count(), 2, 'the pasted entry stays');
  await page.close();
});

test('the page stays put while the pattern is briefly invalid, and the last explanation stays', async () => {
  const page = await open();
  await setText(page, 'event', EVENT);
  await setText(page, 'pattern', '{"detail": {"status": ["FAILED"]}}');
  await verdictIs(page, 'Match');
  const box = async (sel) => page.locator(sel).boundingBox();
  const v0 = await box('[data-testid="verdict"]');
  const e0 = await box('[data-testid="event-editor"]');
  await setText(page, 'pattern', '{"detail": {"status": ["FAILED"]');
  await verdictIs(page, 'Invalid pattern');
  const v1 = await box('[data-testid="verdict"]');
  const e1 = await box('[data-testid="event-editor"]');
  assert.ok(Math.abs(v1.y - v0.y) <= 4, `the verdict moved ${v1.y - v0.y} px`);
  assert.ok(Math.abs(e1.height - e0.height) <= 1 && Math.abs(e1.y - e0.y) <= 1, 'the event editor did not move');
  await page.waitForSelector('[data-testid="stale-note"]');
  assert.ok(await page.locator('[data-testid="explanation"] .cond').count() > 0, 'the last explanation stays');
  await shot(page, 'authoring-invalid-stable');
  await setText(page, 'pattern', '{"detail": {"status": ["FAILED"]}}');
  await verdictIs(page, 'Match');
  const v2 = await box('[data-testid="verdict"]');
  assert.ok(Math.abs(v2.y - v0.y) <= 4);
  await page.close();
});

test('a workspace with expectations exports as a suite and imports back; bad suites say where', async () => {
  const page = await open();
  await setText(page, 'event', EVENT);
  await setText(page, 'pattern', '{"detail": {"status": ["FAILED"]}}');
  await verdictIs(page, 'Match');
  await page.click('[data-testid="expect-no-match"]');
  await page.waitForSelector('[data-testid="expectation"][data-state="fail"]');
  await page.click('[data-testid="expect-match"]');
  await page.waitForSelector('[data-testid="expectation"][data-state="pass"]');

  await page.click('[data-testid="suite-export"]');
  const texts = await page.locator('[data-testid="copy-text"]').evaluateAll((els) => els.map((e) => e.value));
  assert.equal(texts.length, 2, 'JSON and YAML');
  const suite = JSON.parse(texts[0]);
  assert.deepEqual(suite.expect['rule-1'], { match: ['event-1'], 'no-match': [] });
  assert.deepEqual(suite.patterns['rule-1'], { detail: { status: ['FAILED'] } });
  assert.match(await page.textContent('[data-testid="copy-dialog"]'), /1 hold, 0 fail/);
  await page.keyboard.press('Escape');

  // Change the work, then import the YAML suite: the exported work comes back, expectations too.
  await setText(page, 'pattern', '{"source": ["nothing"]}');
  await verdictIs(page, 'No match');
  await page.click('[data-testid="suite-import-open"]');
  await page.fill('[data-testid="suite-import-text"]', 'patterns:\n  p: {"a": [1]}\nevents: {e: {"a": 1}}\nexpect:\n  q:\n    match: [e]\n');
  await page.click('[data-testid="suite-import-button"]');
  assert.match(await page.textContent('[data-testid="suite-import-error"]'), /^Line \d+, column \d+: .*q/);
  await page.fill('[data-testid="suite-import-text"]', texts[1]);
  await page.click('[data-testid="suite-import-button"]');
  await verdictIs(page, 'Match');
  assert.deepEqual(JSON.parse(await patternText(page)), { detail: { status: ['FAILED'] } });
  await page.waitForSelector('[data-testid="expectation"][data-state="pass"]');
  // Undo puts back what the import replaced.
  await page.click('[data-testid="undo"]');
  await verdictIs(page, 'No match');
  assert.deepEqual(JSON.parse(await patternText(page)), { source: ['nothing'] });
  await page.close();
});

test('next / previous walk the event editor through the values an array condition tested', async () => {
  const page = await open();
  const tasks = Array.from({ length: 40 }, (_, i) => ({ name: `task-${i}`, status: i === 31 ? 'FAILED' : 'COMPLETED' }));
  await setText(page, 'event', JSON.stringify({ detail: { tasks } }, null, 2));
  await setText(page, 'pattern', '{"detail": {"tasks": {"status": ["FAILED"]}}}');
  await verdictIs(page, 'Match');
  const cond = page.locator('[data-testid="explanation"] li[data-path="detail.tasks.status"]');
  // The deciding value first, the rest summed up.
  assert.match(await cond.locator('[data-testid="values-others"]').textContent(), /^36 others: "COMPLETED"/);
  const selected = () =>
    page.$eval('[data-testid="event-editor"] textarea', (a) => a.value.slice(a.selectionStart, a.selectionEnd));
  const line = () =>
    page.$eval('[data-testid="event-editor"] textarea', (a) => a.value.slice(0, a.selectionStart).split('\n').length);
  await cond.locator('[data-testid="value-next"]').click();
  assert.equal(await selected(), '"COMPLETED"', 'the first value tested');
  const first = await line();
  await cond.locator('[data-testid="value-next"]').click();
  assert.ok((await line()) > first, 'the next one is further down');
  await cond.locator('[data-testid="value-prev"]').click();
  assert.equal(await line(), first, 'previous goes back');
  await cond.locator('[data-testid="value-prev"]').click();
  assert.ok((await line()) > first, 'previous from the first wraps to the last value tested');
  // Walking on reaches the value that matched.
  let found = false;
  for (let i = 0; i < 45 && !found; i++) {
    await cond.locator('[data-testid="value-next"]').click();
    found = (await selected()) === '"FAILED"';
  }
  assert.ok(found, 'the matching value is among those stepped through');
  // The event editor scrolled to it.
  const visible = await page.$eval('[data-testid="event-editor"] .ed-scroll', (s) => {
    const lineTop = (s.querySelector('textarea').value.slice(0, s.querySelector('textarea').selectionStart).split('\n').length - 1) * 21;
    return lineTop >= s.scrollTop - 21 && lineTop <= s.scrollTop + s.clientHeight;
  });
  assert.ok(visible, 'the value is in view');
  await page.close();
});

test('no console errors', () => {
  assert.deepEqual(app.problems, []);
});
