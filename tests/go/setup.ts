/**
 * Vitest global setup: finds the Go toolchain once for the whole run and hands it to the test files
 * (`inject('goToolchain')`, read through tests/go/toolchain.ts `goToolchain()`).
 *
 * Without a usable toolchain (no `go` on PATH, or one that cannot build src/snippets), the Go tests
 * skip, and this says so in one line: how many Go programs and Go originals were not verified, and
 * why. In CI (`CI=true`) a missing toolchain is a failure instead: CI must verify every Go program.
 *
 * In CI, before any test file starts, Go's build cache is filled (warm.ts): CI's cache starts empty,
 * and test files running side by side each compiled the same standard library packages. `.ci/run`
 * starts that warm-up in the background early (`GCL_GO_WARMUP_PID`); this waits for it and runs it
 * once more (seconds on a warm cache). Outside CI it is left out: a developer's cache is warm, and
 * each Vitest start would pay those seconds.
 */
import { readFileSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { goPrograms } from '../lessons/go-programs.ts';
import { goOriginals } from './originals.ts';
import { findGo, moduleGoVersion } from './toolchain.ts';
import { warmGoCaches } from './warm.ts';

function inCI(): boolean {
  const ci = (process.env['CI'] ?? '').toLowerCase();
  return ci !== '' && ci !== 'false' && ci !== '0';
}

export default async function setup(project: TestProject): Promise<void> {
  const toolchain = await findGo();
  if (!toolchain.available) {
    const what = `${goPrograms.length} Go programs and ${goOriginals().length} of Go's own channel tests`;
    if (inCI()) {
      throw new Error(
        `CI=true but there is no usable Go toolchain (${toolchain.reason}): CI must verify ${what}. Install Go ${moduleGoVersion()} or newer.`,
      );
    }
    console.log(
      `Go: skipped ${what}: ${toolchain.reason} (install Go ${moduleGoVersion()} or newer to verify them; with CI=true this fails)`,
    );
  }
  if (toolchain.available && inCI()) {
    const started = performance.now();
    await processEnded(Number(process.env['GCL_GO_WARMUP_PID'] ?? 0));
    const lines = await warmGoCaches();
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    console.log(`Go: build cache ready in ${seconds} s (${lines.join('; ')})`);
  }
  project.provide('goToolchain', toolchain);
}

/**
 * Resolves when process `pid` is gone or ended and not yet reaped (a zombie, on Linux), at once for
 * 0 or a process that does not exist.
 */
async function processEnded(pid: number): Promise<void> {
  const alive = () => {
    try {
      process.kill(pid, 0);
    } catch {
      return false;
    }
    try {
      return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return true;
    }
  };
  while (pid > 0 && alive()) await new Promise((resolve) => setTimeout(resolve, 500));
}
