/**
 * Go's own tests that tests/conformance ports, read from the ports themselves: a port's header
 * names its original ("Port of Go's test/chan/fifo.go", "Port of TestChan from Go's
 * src/runtime/chan_test.go"), so a new port brings its original into tests/go/conformance.test.ts
 * without a second list to keep in step.
 *
 * The originals are run from GOROOT, never copied. Their fingerprints (sha256 of the file, or of
 * the test function's source in chan_test.go) are kept in tests/go/originals.json with the Go
 * version they were taken from, so an original that changes in a newer Go shows up as a failing
 * test that names the port to compare again.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repo } from './toolchain.ts';

const conformanceDir = path.join(repo, 'tests/conformance');
export const originalsFile = path.join(repo, 'tests/go/originals.json');
const runtimeTestFile = 'src/runtime/chan_test.go';

export type GoOriginal =
  /** A `package main` program under $GOROOT/test (e.g. `test/chan/fifo.go`). */
  | { readonly kind: 'program'; readonly file: string; readonly port: string }
  /** A test function of $GOROOT/src/runtime/chan_test.go. */
  | { readonly kind: 'runtime-test'; readonly name: string; readonly port: string };

/** The first doc comment of a file: where a port says what it ports. */
function header(source: string): string {
  return /^\/\*\*([\s\S]*?)\*\//.exec(source)?.[1] ?? '';
}

/** Every original a conformance port names, in file order. */
export function goOriginals(): GoOriginal[] {
  const originals: GoOriginal[] = [];
  for (const port of readdirSync(conformanceDir)
    .filter((f) => f.endsWith('.test.ts'))
    .sort()) {
    const text = header(readFileSync(path.join(conformanceDir, port), 'utf8'));
    const program = /Port of [^:]*?Go's (test\/[\w/.-]+\.go)\b/.exec(text);
    if (program?.[1] !== undefined) originals.push({ kind: 'program', file: program[1], port });
    if (text.includes(runtimeTestFile)) {
      for (const name of new Set(text.match(/\bTest[A-Z]\w*/g))) {
        originals.push({ kind: 'runtime-test', name, port });
      }
    }
  }
  return originals;
}

/** The key of an original in originals.json. */
export function originalKey(original: GoOriginal): string {
  return original.kind === 'program' ? original.file : `${runtimeTestFile} ${original.name}`;
}

/** The source text a fingerprint covers: the whole program, or the one test function. */
export function originalSource(original: GoOriginal, goroot: string): string {
  if (original.kind === 'program') return readFileSync(path.join(goroot, original.file), 'utf8');
  const file = readFileSync(path.join(goroot, runtimeTestFile), 'utf8');
  const start = file.indexOf(`\nfunc ${original.name}(`);
  const end = file.indexOf('\n}\n', start);
  if (start === -1 || end === -1) throw new Error(`${runtimeTestFile} has no func ${original.name}`);
  return file.slice(start + 1, end + 3);
}

export function fingerprint(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export interface OriginalsRecord {
  /** The Go version the fingerprints were taken from. */
  readonly go: string;
  readonly sha256: Readonly<Record<string, string>>;
}

export function readOriginalsRecord(): OriginalsRecord {
  return JSON.parse(readFileSync(originalsFile, 'utf8')) as OriginalsRecord;
}
