// The package's two WebAssembly modules: the main entry (`eventlens`, `eventlens/web`) loads only
// the main module, which stays under the 250 KB (gzip -9) target; the bus entry (`eventlens/bus`,
// `eventlens/web/bus`) loads only its own; both throw the one `PatternError` class.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { importPackage, installedPackageDir, requirePackage, scratchProject, wasmRead } from './support/package.mjs';
import { thrown } from './support/thrown.mjs';

/** The size target of the main module, gzipped. */
const MAIN_LIMIT = 250_000;
const BUS_ONLY = ['Bus', 'BusConfigError', 'BusRequestError', 'putEvents'];
const BAD_RULES = '[{"Name": "r", "EventPattern": "{\\"a\\": []}"}]';

test('each entry loads its own module and no other', () => {
  assert.deepEqual(wasmRead("require('eventlens').matches('{\"a\": [\"1\"]}', '{\"a\": \"1\"}')"), ['eventlens_wasm_bg.wasm']);
  assert.deepEqual(wasmRead("new (require('eventlens/bus').Bus)('[]').rules"), ['eventlens_bus_bg.wasm']);
  assert.deepEqual(wasmRead("require('eventlens'); require('eventlens/bus')"), ['eventlens_wasm_bg.wasm', 'eventlens_bus_bg.wasm']);
});

test('the main entry has no bus; the bus entry only the bus and what its results hold', async () => {
  for (const main of [requirePackage(), await importPackage(), await importPackage('eventlens/web')]) {
    assert.deepEqual(BUS_ONLY.filter((name) => name in main), []);
  }
  const bus = requirePackage('eventlens/bus');
  assert.deepEqual(Object.keys(bus).filter((k) => k !== '__esModule').sort(), [...BUS_ONLY, 'PatternError'].sort());
  const web = await importPackage('eventlens/web/bus');
  assert.deepEqual(Object.keys(web).sort(), [...BUS_ONLY, 'PatternError', 'default', 'initSync'].sort());
});

test('the main module is under 250 KB gzipped; the bus module is reported', (t) => {
  const sizes = {};
  for (const dir of ['nodejs', 'bundler', 'web']) {
    for (const name of ['eventlens_wasm', 'eventlens_bus']) {
      const bytes = readFileSync(join(installedPackageDir(), dir, `${name}_bg.wasm`));
      const size = { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
      if (sizes[name]) assert.deepEqual(size, sizes[name], `${dir}/${name}_bg.wasm differs`);
      sizes[name] = size;
    }
  }
  for (const [name, { raw, gzip }] of Object.entries(sizes)) {
    t.diagnostic(`${name}_bg.wasm: ${raw} bytes, ${gzip} gzipped (gzip -9)`);
  }
  const [main, bus] = [sizes.eventlens_wasm, sizes.eventlens_bus];
  assert.ok(main.gzip < MAIN_LIMIT, `the main module is ${main.gzip} bytes gzipped`);
  // The bus module holds the bus's own code besides the patterns': it is much the larger.
  assert.ok(bus.gzip > main.gzip * 1.3, `bus ${bus.gzip}, main ${main.gzip}`);
});

test('one PatternError class across the entries, however they are loaded', async () => {
  const main = requirePackage();
  const loaded = [requirePackage('eventlens/bus'), await importPackage('eventlens/bus')];
  for (const bus of loaded) {
    assert.equal(bus.PatternError, main.PatternError);
    const nested = thrown(() => new bus.Bus(BAD_RULES)).patternError;
    assert.ok(nested instanceof main.PatternError);
    assert.equal(nested.kind, 'invalid');
  }
  // The web entries: the bus's init alone serves the bus entry; the error class is the main one's.
  const [web, webBus] = [await importPackage('eventlens/web'), await importPackage('eventlens/web/bus')];
  const wasm = createRequire(join(scratchProject(), 'x.js')).resolve('eventlens/web/eventlens_bus_bg.wasm');
  webBus.initSync(readFileSync(wasm));
  assert.ok(thrown(() => new webBus.Bus(BAD_RULES)).patternError instanceof web.PatternError);
  assert.match(thrown(() => web.validate('{}')).message, /^eventlens\/web: call `await init\(\)`/, 'the main module is not initialised');
});
