// The package as users get it: `npm pack ./pkg`, then `npm install <tarball>` into a scratch
// project. tests/npm/run.mjs does this once for every suite (EVENTLENS_NPM_SCRATCH names the
// project); a suite run on its own makes its own scratch project.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository root. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

const npm = (args, cwd) =>
  execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });

/** The scratch project's ES modules that re-export an entry of the package, by file name. */
const ENTRY_FILES = {
  'esm.mjs': 'eventlens',
  'bus.mjs': 'eventlens/bus',
  'web.mjs': 'eventlens/web',
  'web-bus.mjs': 'eventlens/web/bus',
};

/** Packs pkg/ and installs the tarball into a new scratch project; returns the project's path. */
export function installScratchProject() {
  const pkg = join(repoRoot, 'pkg');
  if (!existsSync(join(pkg, 'package.json'))) {
    throw new Error('pkg/ holds no package: run scripts/build-npm.sh first');
  }
  const dir = mkdtempSync(join(tmpdir(), 'eventlens-npm-'));
  const tarball = npm(['pack', '--pack-destination', dir, pkg], repoRoot).trim().split('\n').pop();
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'scratch', private: true }));
  npm(['install', '--offline', '--no-package-lock', join(dir, tarball)], dir);
  // How a user's ES module and CommonJS module reach the package: through its exports map.
  for (const [file, entry] of Object.entries(ENTRY_FILES)) {
    const web = entry.startsWith('eventlens/web') ? `export { default } from '${entry}';\n` : '';
    writeFileSync(join(dir, file), `export * from '${entry}';\n${web}`);
  }
  return dir;
}

let scratch = process.env.EVENTLENS_NPM_SCRATCH;

/** The scratch project with the package installed. */
export function scratchProject() {
  if (!scratch) {
    scratch = installScratchProject();
    const made = scratch;
    process.on('exit', () => rmSync(made, { recursive: true, force: true }));
  }
  return scratch;
}

/** An entry of the package (`eventlens`, `eventlens/bus`) loaded with `require`, from the scratch project. */
export function requirePackage(entry = 'eventlens') {
  return createRequire(join(scratchProject(), 'package.json'))(entry);
}

/**
 * An entry of the package (`eventlens`, `eventlens/bus`, `eventlens/web`, `eventlens/web/bus`)
 * loaded with `import`, from the scratch project.
 */
export function importPackage(entry = 'eventlens') {
  const file = Object.keys(ENTRY_FILES).find((f) => ENTRY_FILES[f] === entry);
  if (file === undefined) throw new Error(`no scratch module for ${entry}`);
  return import(pathToFileURL(join(scratchProject(), file)).href);
}

/** The installed package's folder. */
export function installedPackageDir() {
  return join(scratchProject(), 'node_modules', 'eventlens');
}

/**
 * The .wasm files a fresh Node process reads while it runs `script` (CommonJS, in the scratch
 * project), until it exits: the nodejs glue reads its module with fs.readFileSync.
 */
export function wasmRead(script) {
  const watch = `
    const fs = require('node:fs');
    const read = fs.readFileSync;
    const seen = [];
    fs.readFileSync = function (path, ...rest) {
      if (String(path).endsWith('.wasm')) seen.push(require('node:path').basename(String(path)));
      return read.call(this, path, ...rest);
    };
    process.on('exit', () => process.stdout.write(JSON.stringify(seen)));
    ${script};`;
  return JSON.parse(execFileSync(process.execPath, ['-e', watch], { cwd: scratchProject(), encoding: 'utf8' }));
}
