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
 * runs the warm-up before `npm install`, so here it takes seconds; run by itself, `CI=true npm
 * test` does it here. Outside CI it is left out: a developer's cache is warm, and each Vitest start
 * would pay those seconds.
 */
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
    const lines = await warmGoCaches();
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    console.log(`Go: build cache ready in ${seconds} s (${lines.join('; ')})`);
  }
  project.provide('goToolchain', toolchain);
}
