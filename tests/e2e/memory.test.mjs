// Browser test of the playground's memory: a 256 KB event put in the pattern view grows the wasm
// heap (the byte length of the module's WebAssembly.Memory) by at most 4 MB.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, setText } from './harness.mjs';

const app = setup();
const LIMIT = 4 * 1024 * 1024;

/** A pretty-printed event of just under 256 KB, the most EventBridge accepts. */
function bigEvent() {
  const items = Array.from({ length: 3600 }, (_, i) => `{"name": "item-${i}", "size": ${i}, "tags": ["a", "b"], "ok": true}`);
  const text = `{\n  "source": "aws.omics",\n  "detail-type": "Run Status Change",\n  "detail": {\n    "status": "COMPLETED",\n    "items": [\n      ${items.join(',\n      ')}\n    ]\n  }\n}`;
  return text.slice(0, 250 * 1024 - 40).replace(/,\n[^\n]*$/, '') + '\n    ]\n  }\n}';
}

const settled = (page) =>
  page.waitForFunction(() => document.querySelector('[data-testid="verdict"]')?.getAttribute('aria-busy') === 'false');

test('a 256 KB event grows the wasm heap by at most 4 MB', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    // The page's wasm-bindgen glue hands the module's exports (its memory among them) to this event.
    await context.addInitScript(() => {
      addEventListener('TrunkApplicationStarted', (e) => {
        window.__wasmMemory = e.detail.wasm.memory;
      });
    });
    const page = await context.newPage();
    page.on('pageerror', (e) => app.problems.push(`uncaught: ${e.message}`));
    await page.goto(app.server.url);
    await settled(page);
    const heap = () => page.evaluate(() => window.__wasmMemory.buffer.byteLength);
    const before = await heap();
    const event = bigEvent();
    assert.ok(event.length > 250_000 && event.length <= 256 * 1024, `the event is ${event.length} bytes`);
    await setText(page, 'event', event);
    await settled(page);
    const [verdict, lines] = await Promise.all([
      page.textContent('[data-testid="verdict"]'),
      page.$eval('[data-testid="event-editor"] textarea', (a) => a.value.split('\n').length),
    ]);
    assert.ok(!/invalid/i.test(verdict), `the event is analysed (verdict: ${verdict})`);
    assert.equal(lines, event.split('\n').length);
    const grown = (await heap()) - before;
    console.log(`wasm heap: ${(before / 2 ** 20).toFixed(1)} MiB before, grown by ${(grown / 2 ** 20).toFixed(1)} MiB with the ${(event.length / 1024).toFixed(0)} KB event`);
    assert.ok(grown <= LIMIT, `the wasm heap grew by ${grown} bytes (at most ${LIMIT})`);
    assert.deepEqual(app.problems, []);
  } finally {
    await context.close();
  }
});
