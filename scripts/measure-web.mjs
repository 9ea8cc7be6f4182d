#!/usr/bin/env node
// Measures the playground built in dist/ (run `trunk build --release` first):
//   - initial download: index.html and the CSS, JS and wasm it loads, raw and gzipped (-9);
//   - first render: from navigation start to the verdict and explanation on screen, in headless
//     Chromium on localhost, over fresh (uncached) page loads;
//   - typing in a 256 KB event: time from an edit to the next painted frame, and to the
//     verdict of the debounced analysis.
// Usage: node scripts/measure-web.mjs [--runs N]. Exits 1 when a target is missed
// (download < 600 KB gzipped, first render median < 1 s).
import fs from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { serve, launch, DIST } from '../tests/e2e/harness.mjs';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 15;
const SIZE_TARGET = 600 * 1024;
const RENDER_TARGET_MS = 1000;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const ms = (n) => `${n.toFixed(1)} ms`;

// 1. Download size.
const html = await fs.readFile(path.join(DIST, 'index.html'), 'utf8');
const assets = ['index.html', ...[...html.matchAll(/(?:href|module_or_path:\s*)=?\s*["']\.\/([^"']+)["']/g)].map((m) => m[1])];
const files = [...new Set(assets)];
let raw = 0;
let gz = 0;
console.log('Initial download (dist/):');
for (const f of files) {
  const body = await fs.readFile(path.join(DIST, f));
  const z = zlib.gzipSync(body, { level: 9 }).length;
  raw += body.length;
  gz += z;
  console.log(`  ${f.padEnd(48)} ${kb(body.length).padStart(10)} raw ${kb(z).padStart(10)} gzip`);
}
console.log(`  ${'total'.padEnd(48)} ${kb(raw).padStart(10)} raw ${kb(gz).padStart(10)} gzip (target < ${kb(SIZE_TARGET)})`);

// 2. First render and 3. typing latency.
const server = await serve();
const browser = await launch();
const renders = [];
for (let i = 0; i < RUNS; i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.querySelector('[data-testid="verdict"]') && document.querySelector('[data-testid="explanation"] li')) {
        window.__firstRender = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(server.url);
  await page.waitForFunction(() => window.__firstRender !== undefined);
  renders.push(await page.evaluate(() => window.__firstRender));
  await context.close();
}

const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
const page = await context.newPage();
await page.goto(server.url);
await page.waitForSelector('[data-testid="verdict"]');
// A 256 KB event of the usual pretty-printed kind (about 3,600 lines).
const items = Array.from({ length: 3600 }, (_, i) => `{"name": "item-${i}", "size": ${i}, "tags": ["a", "b"], "ok": true}`);
let big = `{\n  "source": "aws.omics",\n  "detail-type": "Run Status Change",\n  "detail": {\n    "status": "COMPLETED",\n    "items": [\n      ${items.join(',\n      ')}\n    ]\n  }\n}`;
big = big.slice(0, 250 * 1024 - 40).replace(/,\n[^\n]*$/, '') + '\n    ]\n  }\n}';
await page.evaluate((text) => {
  const area = document.querySelector('[data-testid="event-editor"] textarea');
  area.value = text;
  area.dispatchEvent(new InputEvent('input', { bubbles: true }));
}, big);
await page.waitForFunction(() => document.querySelector('[data-testid="verdict"]').getAttribute('aria-busy') === 'false');
// Put the caret in the middle of the text, scrolled into view, and time real key presses.
await page.evaluate(() => {
  const area = document.querySelector('[data-testid="event-editor"] textarea');
  const at = area.value.indexOf('item-1800');
  area.focus();
  area.setSelectionRange(at, at);
  const scroller = document.querySelector('[data-testid="event-editor"] .ed-scroll');
  scroller.scrollTop = (area.value.slice(0, at).split('\n').length - 10) * 21;
  // Event Timing (what INP is made of): from the key press to the next paint, per interaction.
  window.__keys = new Map();
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.interactionId) window.__keys.set(e.interactionId, Math.max(window.__keys.get(e.interactionId) ?? 0, e.duration));
    }
  }).observe({ type: 'event', durationThreshold: 16, buffered: true });
});
await page.waitForTimeout(500);
const frames = [];
const analyses = [];
for (let i = 0; i < 20; i++) {
  const t0 = Date.now();
  await page.keyboard.down('x');
  await page.waitForTimeout(30);
  await page.keyboard.up('x');
  await page.waitForFunction(() => document.querySelector('[data-testid="verdict"]').getAttribute('aria-busy') === 'false');
  analyses.push(Date.now() - t0);
  await page.waitForTimeout(50);
}
await page.waitForTimeout(300);
frames.push(...(await page.evaluate(() => [...window.__keys.values()])));
await context.close();
await browser.close();
await server.close();

console.log(`\nFirst render (verdict and explanation on screen), ${RUNS} fresh loads on localhost:`);
console.log(`  median ${ms(median(renders))}, min ${ms(Math.min(...renders))}, max ${ms(Math.max(...renders))} (target < ${RENDER_TARGET_MS} ms)`);
console.log(`\nTyping in a ${kb(big.length)} event, ${big.split('\n').length} lines (20 key presses):`);
console.log(`  key press to next paint (Event Timing, 8 ms resolution): median ${ms(median(frames))}, max ${ms(Math.max(...frames))} (${frames.length} presses)`);
console.log(`  key press to the new verdict (includes the 150 ms typing pause): median ${ms(median(analyses))}, max ${ms(Math.max(...analyses))}`);

const ok = gz < SIZE_TARGET && median(renders) < RENDER_TARGET_MS;
console.log(ok ? '\nAll targets met.' : '\nA target was missed.');
process.exit(ok ? 0 : 1);
