// The native engine, through the CLI's `eventlens check` (JSON Lines in, one verdict line out).

import { execFileSync } from 'node:child_process';
import { repoRoot } from './package.mjs';

/**
 * Runs `eventlens check` (with `--test-event-pattern` when asked) over `lines`; returns the
 * verdict objects in order. EVENTLENS_CLI names a built binary; otherwise `cargo run` builds it.
 */
export function nativeCheck(lines, { testEventPattern }) {
  const command = process.env.EVENTLENS_CLI
    ? [process.env.EVENTLENS_CLI]
    : ['cargo', 'run', '--quiet', '--locked', '-p', 'eventlens-cli', '--'];
  const args = [...command.slice(1), 'check', ...(testEventPattern ? ['--test-event-pattern'] : [])];
  const out = execFileSync(command[0], args, {
    cwd: repoRoot,
    input: `${lines.join('\n')}\n`,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const verdicts = out.trimEnd().split('\n').map((l) => JSON.parse(l));
  if (verdicts.length !== lines.length) {
    throw new Error(`eventlens check answered ${verdicts.length} lines for ${lines.length}`);
  }
  return verdicts;
}
