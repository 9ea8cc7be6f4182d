// Shared by the browser tests and the measurement script: a static server for dist/ under a
// sub-path, headless Chromium (Debian's) driven by playwright-core, and the page helpers the
// browser tests use.
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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

/** Serves `dir` (dist/) at http://127.0.0.1:<random port><SUB_PATH>; anything else is a 404. */
export async function serve(dir = DIST) {
  await fs.access(path.join(dir, 'index.html')).catch(() => {
    throw new Error(`${dir}/index.html is missing: run \`trunk build --release\` first`);
  });
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
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
 * Returns `{ server, browser, problems }`; pages opened with `openPage` and these `problems`
 * collect their console errors and uncaught exceptions there. */
export function setup() {
  const app = { server: undefined, browser: undefined, problems: [] };
  before(async () => {
    app.server = await serve();
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

/** A full-page screenshot in tests/artifacts/. */
export async function shot(page, name) {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Loads sample `id` from the sample menu (a click on the menu button, then on the item). */
export async function loadSample(page, id) {
  await page.click('[data-testid="sample-menu"]');
  await page.click(`[data-testid="sample-menu-item"][data-id="${id}"]`);
}
