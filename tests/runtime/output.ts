/**
 * The helper every runtime test runs its programs through: a whole gort program (`runProgram`, a
 * fresh runtime on the virtual clock, seed 1 unless given) that must exit the way a passing `go run`
 * does, with status 0 and nothing on stderr. The Go conformance ports use it too (`expectGoPass`).
 */
import { runProgram } from 'gort/testing';
import { expect } from 'vitest';

/** Runs `program` as `main`, expects a clean exit (status 0, empty stderr) and returns its stdout. */
export async function output(program: () => Promise<void> | void, seed = 1): Promise<string> {
  const r = await runProgram(program, { seed });
  expect(r.stderr).toBe('');
  expect(r.exitCode).toBe(0);
  return r.stdout;
}
