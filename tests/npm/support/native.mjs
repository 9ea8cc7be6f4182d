// The native engine, through the CLI: `eventlens check` (JSON Lines in, one verdict line out) and
// `eventlens bus --json` (the whole PutEvents outcome).

import { spawnSync } from 'node:child_process';
import { repoRoot } from './package.mjs';

/**
 * Runs the CLI with `args` and `input` on stdin; returns its exit status and output. EVENTLENS_CLI
 * names a built binary; otherwise `cargo run` builds it.
 */
function cli(args, input = '') {
  const command = process.env.EVENTLENS_CLI
    ? [process.env.EVENTLENS_CLI]
    : ['cargo', 'run', '--quiet', '--locked', '-p', 'eventlens-cli', '--'];
  const run = spawnSync(command[0], [...command.slice(1), ...args], {
    cwd: repoRoot,
    input,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  if (run.error) throw run.error;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/**
 * Runs `eventlens check` (with `--test-event-pattern` when asked) over `lines`; returns the
 * verdict objects in order.
 */
export function nativeCheck(lines, { testEventPattern }) {
  const args = ['check', ...(testEventPattern ? ['--test-event-pattern'] : [])];
  const { status, stdout, stderr } = cli(args, `${lines.join('\n')}\n`);
  if (status !== 0) throw new Error(`eventlens check exited ${status}:\n${stderr}`);
  const verdicts = stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
  if (verdicts.length !== lines.length) {
    throw new Error(`eventlens check answered ${verdicts.length} lines for ${lines.length}`);
  }
  return verdicts;
}

/**
 * Runs `eventlens bus --json` with `args` (`--rules`, `--entries`, …; paths relative to the
 * repository root); returns its exit status (1 when some entry failed) and the parsed outcome.
 */
export function nativeBus(args) {
  const { status, stdout, stderr } = cli(['bus', '--json', ...args]);
  if (status !== 0 && status !== 1) throw new Error(`eventlens bus exited ${status}:\n${stderr}`);
  return { status, outcome: JSON.parse(stdout) };
}
