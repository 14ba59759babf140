/**
 * Runs npm scripts side by side and fails when any of them fails: `node scripts/parallel.mjs lint
 * format:check` (what `npm test` does after the type check; each of those two keeps one core busy
 * on its own, and this machine kind has two).
 *
 * Invariants: every script runs to its end, even after another failed, so one run reports every
 * failure; each script's output (stdout and stderr, in order) is printed in one piece when it ends,
 * under a line naming it, never interleaved with another's; the exit status is 0 only when every
 * script exited 0, else the first non-zero status in the order given.
 */
import { spawn } from 'node:child_process';

const scripts = process.argv.slice(2);
if (scripts.length === 0) {
  console.error('usage: node scripts/parallel.mjs <npm script> [<npm script> ...]');
  process.exit(2);
}

/** Runs `npm run -s <name>`; resolves with its exit status and its output. */
function run(name) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn('npm', ['run', '-s', name], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => resolve({ name, code: 1, output: `${output}${error.message}\n`, started }));
    child.on('close', (code, signal) => resolve({ name, code: code ?? (signal ? 1 : 0), output, started }));
  }).then((result) => {
    const seconds = ((Date.now() - result.started) / 1000).toFixed(1);
    const verdict = result.code === 0 ? 'passed' : `failed with status ${result.code}`;
    process.stdout.write(`\n> ${result.name} (${verdict}, ${seconds} s)\n${result.output}`);
    return result;
  });
}

const results = await Promise.all(scripts.map(run));
const failed = results.find((r) => r.code !== 0);
if (failed !== undefined) {
  console.error(
    `\nparallel: ${results
      .filter((r) => r.code !== 0)
      .map((r) => r.name)
      .join(', ')} failed`,
  );
  process.exit(failed.code);
}
