// Runs the npm package's suites (`node --test`) against the packed tarball, installed once into
// a scratch project that every suite shares. Run scripts/build-npm.sh first.
//   node tests/npm/run.mjs [--test-…=value options] [suite files…]   (default: every suite here)

import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { installScratchProject, repoRoot } from './support/package.mjs';

const scratch = installScratchProject();
let status;
try {
  const args = process.argv.slice(2);
  const files = args.some((a) => !a.startsWith('--')) ? [] : [join(repoRoot, 'tests/npm')];
  const run = spawnSync(process.execPath, ['--test', ...args, ...files], {
    stdio: 'inherit',
    env: { ...process.env, EVENTLENS_NPM_SCRATCH: scratch },
  });
  status = run.status ?? 1;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(status);
