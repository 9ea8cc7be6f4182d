// The bundler build through a real bundler: webpack 5 in production mode (tree shaking and the
// package's `sideEffects` applied) bundles a user's module that imports `eventlens`, with the
// bundler build chosen (the `node` export condition left out), and the bundle runs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import webpack from 'webpack';
import { scratchProject } from './support/package.mjs';

const ENTRY = `import { matches, validate, RuleSet, PatternError } from 'eventlens';
const rules = new RuleSet();
rules.add('orders', { source: ['app.orders'] });
const invalid = validate('{"a": []}');
console.log(JSON.stringify([
  matches({ detail: { n: [{ numeric: ['>', 1] }] } }, '{"detail": {"n": 2}}'),
  rules.matches({ source: 'app.orders' }),
  invalid.errors[0] instanceof PatternError,
]));
`;

test('webpack 5 bundles the bundler build, and the bundle runs', async () => {
  const dir = join(scratchProject(), 'webpack');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'entry.mjs'), ENTRY);
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
  const files = readdirSync(join(dir, 'dist'));
  assert.ok(files.some((f) => f.endsWith('.wasm')), `the bundle holds the module: ${files}`);
  const out = execFileSync(process.execPath, [join(dir, 'dist', 'main.mjs')], { encoding: 'utf8' });
  assert.deepEqual(JSON.parse(out), [true, ['orders'], true]);
});
