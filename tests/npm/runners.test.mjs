// `eventlens/jest` under the real runners: Jest and Vitest (the workspace's devDependencies) run
// test files that use `toMatchEventPattern`, in a project under target/ whose `eventlens` is the
// packed package; passing runs exit 0, failing runs exit 1 with the explanation in their output.
// The TypeScript declarations add the matcher to both runners' `expect`.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installedPackageDir, repoRoot } from './support/package.mjs';

// Under the repository, so that the runners (and their types) resolve from its node_modules.
const project = join(repoRoot, 'target', `npm-runners-${process.pid}`);
after(() => rmSync(project, { recursive: true, force: true }));

const FAILED = "{ source: 'aws.omics', detail: { status: 'FAILED' } }";
const DONE = '\'{"source": "aws.omics", "detail": {"status": "DONE"}}\'';
const PATTERN = "{ source: ['aws.omics'], detail: { status: ['FAILED'] } }";

/** Test bodies: `holds` pass, `fails` fail (one without `.not`, one with). */
const BODIES = {
  holds: `
test('a failed run matches', () => { expect(${FAILED}).toMatchEventPattern(${PATTERN}); });
test('a finished run does not', () => { expect(${DONE}).not.toMatchEventPattern(JSON.stringify(${PATTERN})); });
`,
  fails: `
test('expected a match', () => { expect(${DONE}).toMatchEventPattern(${PATTERN}); });
test('expected no match', () => { expect(${FAILED}).not.toMatchEventPattern(${PATTERN}); });
`,
};

/** Writes the project once: eventlens linked in, a folder per runner. */
function setUp() {
  mkdirSync(join(project, 'node_modules'), { recursive: true });
  symlinkSync(installedPackageDir(), join(project, 'node_modules', 'eventlens'), 'dir');
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'runners', private: true }));
  mkdirSync(join(project, 'jest'));
  writeFileSync(join(project, 'jest', 'jest.config.js'), "module.exports = { testEnvironment: 'node', transform: {} };\n");
  mkdirSync(join(project, 'vitest'));
  writeFileSync(join(project, 'vitest', 'vitest.config.mjs'), 'export default {};\n');
  for (const [name, body] of Object.entries(BODIES)) {
    writeFileSync(
      join(project, 'jest', `${name}.test.js`),
      `const { matchers } = require('eventlens/jest');\nexpect.extend(matchers);\n${body}`,
    );
    writeFileSync(
      join(project, 'vitest', `${name}.test.mjs`),
      `import { expect, test } from 'vitest';\nimport { matchers } from 'eventlens/jest';\nexpect.extend(matchers);\n${body}`,
    );
  }
}
setUp();

function run(runner, file) {
  const dir = join(project, runner);
  const bin = join(repoRoot, 'node_modules', runner === 'jest' ? 'jest/bin/jest.js' : 'vitest/vitest.mjs');
  const args = runner === 'jest' ? ['--rootDir', dir, '--ci', file] : ['run', '--root', dir, file];
  const out = spawnSync(process.execPath, [bin, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', CI: '1' },
  });
  return { status: out.status, output: out.stdout + out.stderr };
}

for (const runner of ['jest', 'vitest']) {
  test(`${runner}: passing expectations pass, with .not too`, () => {
    const { status, output } = run(runner, runner === 'jest' ? 'holds.test.js' : 'holds.test.mjs');
    assert.equal(status, 0, output);
    assert.match(output, /2 passed/);
  });

  test(`${runner}: failing expectations fail with the reason in the output`, () => {
    const { status, output } = run(runner, runner === 'jest' ? 'fails.test.js' : 'fails.test.mjs');
    assert.equal(status, 1, output);
    assert.match(output, /2 failed/);
    assert.match(output, /Expected the event to match the pattern, but it does not:/);
    assert.match(output, /✘ `detail\.status` is "DONE"; expected "FAILED"/);
    assert.match(output, /Expected the event not to match the pattern, but it does:/);
    assert.match(output, /✔ `detail\.status` is "FAILED"/);
  });
}

test("the declarations add the matcher to Vitest's expect and Jest's global matchers", () => {
  const dir = join(project, 'types');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'usage.ts'),
    `import { expect } from 'vitest';
import { matchers } from 'eventlens/jest';
expect.extend(matchers);
expect({ source: 'a' }).toMatchEventPattern({ source: ['a'] });
expect({ source: 'a' }).not.toMatchEventPattern('{"source": ["b"]}');
// @ts-expect-error the pattern is required
expect({}).toMatchEventPattern();
// Jest's global expect (@types/jest) returns the same global interface.
declare const jestMatchers: jest.Matchers<void, unknown>;
jestMatchers.toMatchEventPattern('{"source": ["a"]}');
`,
  );
  const compilerOptions = { strict: true, noEmit: true, skipLibCheck: false, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', types: [] };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['usage.ts'] }));
  const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  const out = spawnSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' });
  assert.equal(out.status, 0, out.stdout + out.stderr);
  // The check is live: a matcher the package does not have is an error.
  writeFileSync(join(dir, 'usage.ts'), "import { expect } from 'vitest';\nimport 'eventlens/jest';\nexpect({}).toMatchEventPatterns({});\n");
  const bad = spawnSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' });
  assert.notEqual(bad.status, 0);
  assert.match(bad.stdout, /toMatchEventPatterns/);
});
