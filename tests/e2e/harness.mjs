// Shared by the browser tests and the measurement script: a static server for dist/ under a
// sub-path, headless Chromium (Debian's) driven by playwright-core, the page helpers the
// browser tests use and the accessibility check (axe-core, injected into the page).
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = path.join(ROOT, 'dist');
export const ARTIFACTS = path.join(ROOT, 'tests/artifacts');
/** The app is served below this path, as on a static host's sub-folder. */
export const SUB_PATH = '/tools/eventlens/';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/** axe-core's browser bundle, injected into pages by `axeViolations`. */
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Serves `dir` (dist/) at http://127.0.0.1:<random port><SUB_PATH>; anything else is a 404.
 * `extra` maps further paths (outside SUB_PATH, e.g. a host page for the embed) to HTML; it is
 * read on each request, so pages can be added while the server runs. */
export async function serve(dir = DIST, extra = {}) {
  await fs.access(path.join(dir, 'index.html')).catch(() => {
    throw new Error(`${dir}/index.html is missing: run \`trunk build --release\` first`);
  });
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (Object.hasOwn(extra, url.pathname)) {
      res.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-store' });
      res.end(extra[url.pathname]);
      return;
    }
    if (!url.pathname.startsWith(SUB_PATH)) {
      res.writeHead(404).end('not found');
      return;
    }
    const rel = decodeURIComponent(url.pathname.slice(SUB_PATH.length)) || 'index.html';
    const file = path.join(dir, path.normalize(rel));
    if (!file.startsWith(dir + path.sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    try {
      const body = await fs.readFile(file);
      res.writeHead(200, {
        'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${SUB_PATH}`,
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Headless Chromium with the flags this machine needs. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Serves dist/ and starts Chromium before a test file's tests, and stops both after them.
 * Returns `{ server, browser, problems, pages }`; pages opened with `openPage` and these `problems`
 * collect their console errors and uncaught exceptions there. Pages put in `pages` (path to
 * HTML) are served too, e.g. a host page that embeds the app. */
export function setup() {
  const app = { server: undefined, browser: undefined, problems: [], pages: {} };
  before(async () => {
    app.server = await serve(DIST, app.pages);
    app.browser = await launch();
    await fs.mkdir(ARTIFACTS, { recursive: true });
  });
  after(async () => {
    await app.browser?.close();
    await app.server?.close();
  });
  return app;
}

/** A fresh page (own storage) at `url`, once `ready` (a selector) is on it. Console errors and
 * uncaught exceptions are pushed to `problems`; other options go to the browser context. */
export async function openPage(browser, url, { ready, problems, ...options }) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, ...options });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  await page.goto(url);
  await page.waitForSelector(ready);
  return page;
}

/** A fresh page (own storage) on the app of `setup()` in the pattern view; `suffix` is appended
 * to the app's URL. */
export function openApp(app, suffix = '', options = {}) {
  return openPage(app.browser, app.server.url + suffix, { ready: '[data-testid="verdict"]', problems: app.problems, ...options });
}

/** Replaces the text of the editor with test id `<name>-editor`. Long multi-line texts are put in
 * as one edit, like a paste (Playwright's fill inserts them line by line, one input event per
 * line). */
export async function setText(page, name, text) {
  const selector = `[data-testid="${name}-editor"] textarea`;
  if (text.split('\n').length < 200) {
    await page.fill(selector, text);
    return;
  }
  await page.$eval(selector, (area, value) => {
    area.focus();
    area.value = value;
    area.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
  }, text);
}

/** A full-page screenshot in tests/artifacts/ (from the top of the page: the sticky top bar
 * would otherwise be drawn where the page was scrolled to). */
export async function shot(page, name) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

const VERDICTS = ['Match', 'No match', 'Invalid pattern', 'Invalid event'];

/** Waits until the engine has run on the editors' texts (it runs after a short typing pause)
 * and the verdict reads `text`. */
export async function expectVerdict(page, text) {
  assert.ok(VERDICTS.includes(text));
  try {
    await page.waitForFunction(
      (t) => {
        const v = document.querySelector('[data-testid="verdict"]');
        return v?.getAttribute('aria-busy') === 'false' && v.textContent === t;
      },
      text,
      { timeout: 5000 },
    );
  } catch {
    assert.equal(await page.textContent('[data-testid="verdict"]'), text);
  }
}

/** Opens the share dialog of what the page shows; returns its link, the embed snippet and the
 * snippet's iframe address. */
export async function share(page) {
  await page.click('[data-testid="share-button"]');
  const [link, snippet] = await page.$$eval('[data-testid="copy-text"]', (els) => els.map((e) => e.value));
  return { link, snippet, src: snippet.match(/src="([^"]+)"/)[1].replaceAll('&amp;', '&') };
}

/** Opens the sample menu and loads sample `id` (pattern or bus sample). */
export async function loadSample(page, id) {
  await page.click('[data-testid="sample-menu"]');
  await page.click(`[data-testid="sample-menu-item"][data-id="${id}"]`);
}

/** Runs axe-core on the page (injected once) and returns its `critical` and `serious`
 * violations as `[rule id, impact, [selectors of the nodes]]`; prints the count of each impact
 * for `state`, so that the run's output says how accessible each state is. */
export async function axeViolations(page, state) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.addScriptTag({ path: AXE });
  }
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => [v.id, v.impact, v.nodes.map((n) => n.target.join(' '))]);
  });
  const counts = {};
  for (const [, impact, nodes] of violations) counts[impact] = (counts[impact] ?? 0) + nodes.length;
  console.log(`axe ${state}: ${JSON.stringify(counts)}`);
  return violations.filter(([, impact]) => impact === 'critical' || impact === 'serious');
}
