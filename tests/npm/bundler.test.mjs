// The bundler build through a real bundler: webpack 5 in production mode (tree shaking and the
// package's `sideEffects` applied) bundles a user's module that imports `eventlens` (and one that
// imports `eventlens/bus` too), with the bundler build chosen (the `node` export condition left
// out), and the bundle runs, holding the modules its entries need and no other.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import webpack from 'webpack';
import { installedPackageDir, scratchProject } from './support/package.mjs';

const MAIN = `import { matches, validate, RuleSet, PatternError } from 'eventlens';
const rules = new RuleSet();
rules.add('orders', { source: ['app.orders'] });
const invalid = validate('{"a": []}');
console.log(JSON.stringify([
  matches({ detail: { n: [{ numeric: ['>', 1] }] } }, '{"detail": {"n": 2}}'),
  rules.matches({ source: 'app.orders' }),
  invalid.errors[0] instanceof PatternError,
]));
`;

const BUS = `import { PatternError } from 'eventlens';
import { putEvents, Bus } from 'eventlens/bus';
const out = putEvents([{ Name: 'r', EventPattern: { source: ['s'] } }], [{ Source: 's', DetailType: 'd', Detail: '{}' }]);
let nested;
try {
  new Bus([{ Name: 'r', EventPattern: '{"a": []}' }]);
} catch (e) {
  nested = e.patternError;
}
// The pattern's error is the class \`eventlens\` exports.
console.log(JSON.stringify([out.entries[0].arrivals[0].rules[0].delivered, nested instanceof PatternError]));
`;

/** Bundles `source` (a user's module) in webpack's production mode; returns the output folder. */
async function bundle(name, source) {
  const dir = join(scratchProject(), `webpack-${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'entry.mjs'), source);
  const stats = await new Promise((resolve, reject) =>
    webpack(
      {
        mode: 'production',
        context: dir,
        entry: './entry.mjs',
        target: 'node',
        experiments: { asyncWebAssembly: true, outputModule: true },
        // Everything a browser bundle would resolve with, minus `node`: the bundler build.
        resolve: { conditionNames: ['import', 'module', 'default'] },
        output: { path: join(dir, 'dist'), filename: 'main.mjs', module: true, chunkFormat: 'module' },
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    ),
  );
  assert.deepEqual(stats.compilation.errors.map(String), []);
  return join(dir, 'dist');
}

/** The sizes of the .wasm files in `dist`. */
const wasmSizes = (dist) =>
  readdirSync(dist)
    .filter((f) => f.endsWith('.wasm'))
    .map((f) => statSync(join(dist, f)).size)
    .sort((a, b) => a - b);

const moduleSize = (name) => statSync(join(installedPackageDir(), 'bundler', `${name}_bg.wasm`)).size;

test('webpack 5 bundles the bundler build, and the bundle runs', async () => {
  const dist = await bundle('main', MAIN);
  assert.deepEqual(wasmSizes(dist), [moduleSize('eventlens_wasm')], 'the main module alone, not the bus');
  const out = execFileSync(process.execPath, [join(dist, 'main.mjs')], { encoding: 'utf8' });
  assert.deepEqual(JSON.parse(out), [true, ['orders'], true]);
});

test('webpack 5 bundles the bus entry with only the bus module, and the bundle runs', async () => {
  const dist = await bundle('bus', BUS);
  // `PatternError` from `eventlens` loads no module: the error classes stand apart from the
  // bindings, and the package's `sideEffects` let webpack drop the main module.
  assert.deepEqual(wasmSizes(dist), [moduleSize('eventlens_bus')]);
  const out = execFileSync(process.execPath, [join(dist, 'main.mjs')], { encoding: 'utf8' });
  assert.deepEqual(JSON.parse(out), [true, true]);
});
