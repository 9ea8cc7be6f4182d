// The package's TypeScript declarations, checked as a user's project sees them: `tsc --noEmit`
// (strict, library checks on) over tests/npm/types/*.ts placed in the scratch project, with
// Node's resolution (CommonJS and ESM files) and with bundlers' resolution.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, scratchProject } from './support/package.mjs';

const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
const usage = join(repoRoot, 'tests', 'npm', 'types');

/** Runs tsc over `files` (copied from tests/npm/types under new names) with `options`. */
function check(name, options, files) {
  const dir = join(scratchProject(), `types-${name}`);
  mkdirSync(dir, { recursive: true });
  for (const [from, to] of files) copyFileSync(join(usage, from), join(dir, to));
  const compilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    noUnusedLocals: true,
    target: 'es2022',
    lib: ['es2022', 'dom'],
    types: [],
    ...options,
  };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: files.map(([, to]) => to) }));
  const run = spawnSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' });
  assert.equal(run.status, 0, `tsc (${name}):\n${run.stdout}${run.stderr}`);
}

test('declarations type-check with Node resolution, as CommonJS and as ESM', () => {
  check('node16', { module: 'node16', moduleResolution: 'node16' }, [
    ['usage.ts', 'usage.ts'],
    ['usage.ts', 'usage-esm.mts'],
    ['usage-web.ts', 'usage-web.mts'],
  ]);
});

test('declarations type-check with bundler resolution', () => {
  check('bundler', { module: 'esnext', moduleResolution: 'bundler' }, [
    ['usage.ts', 'usage.ts'],
    ['usage-web.ts', 'usage-web.ts'],
  ]);
});

test('a type error in user code is caught (the check is live)', () => {
  const dir = join(scratchProject(), 'types-live');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'bad.ts'), "import { matches } from 'eventlens';\nconst n: number = matches('{}', '{}');\nvoid n;\n");
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: 'node16', types: [] }, files: ['bad.ts'] }));
  const run = spawnSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' });
  assert.notEqual(run.status, 0);
  assert.match(run.stdout, /TS2322: Type 'boolean' is not assignable to type 'number'/);
});
