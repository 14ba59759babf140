/**
 * Recorded Go output: compared in an ordinary run, rewritten by `npm run go:record` (GO_RECORD=1).
 *
 * A comparison takes what Go varies out of both sides (tests/go/normalize.ts) and nothing else. A
 * recording writes the real output with the program's folder and GOROOT in their display form, and
 * notes the Go version and platform that printed it in src/snippets/go-version.json, which the
 * pages' "printed by Go 1.x" statements are checked against.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { displayGoOutput, normalizeGoOutput } from './normalize.ts';
import { moduleDir } from './toolchain.ts';

/** Whether this run records Go output instead of comparing it. */
export const recording = process.env['GO_RECORD'] === '1';

export const versionFile = path.join(moduleDir, 'go-version.json');

export interface GoVersionRecord {
  /** The `go version` that printed the recorded output, e.g. `go1.26.8`. */
  readonly go: string;
  /** GOOS/GOARCH of the recording, e.g. `linux/amd64`. */
  readonly platform: string;
}

export function readGoVersionRecord(): GoVersionRecord {
  return JSON.parse(readFileSync(versionFile, 'utf8')) as GoVersionRecord;
}

export function writeGoVersionRecord(record: GoVersionRecord): void {
  writeFileSync(versionFile, `${JSON.stringify(record, null, 2)}\n`);
}

/**
 * Compares `actual`, printed by the program in `programDir`, with the recorded file `file` (in that
 * folder), or records it.
 */
export function expectRecorded(actual: string, programDir: string, file: string, goroot: string): void {
  const recorded = path.join(programDir, file);
  if (recording) {
    writeFileSync(recorded, displayGoOutput(actual, programDir, goroot));
    return;
  }
  expect(normalizeGoOutput(actual), `${path.relative(moduleDir, recorded)} (what the page shows)`).toBe(
    normalizeGoOutput(readFileSync(recorded, 'utf8')),
  );
}
