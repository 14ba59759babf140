/**
 * Conformance the other way round: the Go originals of tests/conformance's ports, run with the real
 * toolchain from GOROOT (never copied), so a port that drifted from Go shows up.
 *
 * - Each `package main` program of $GOROOT/test a port names is a `// run` test with no `.out`
 *   file: Go's own test driver expects it to exit 0 and print nothing, and so does this suite.
 * - The runtime tests a port names run with `go test -run '^(names)$' runtime`; each must be
 *   reported as passed (a name Go no longer has would otherwise match nothing, silently).
 * - Each original's fingerprint must be the one recorded in tests/go/originals.json (when its
 *   port was last compared with it). A newer Go that changes an original fails here, naming the
 *   port to compare again before `npm run go:record` takes the new fingerprint.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  fingerprint,
  goOriginals,
  originalKey,
  originalSource,
  originalsFile,
  readOriginalsRecord,
  type GoOriginal,
} from './originals.ts';
import { recording } from './record.ts';
import { GO_LIMIT_MS, goToolchain, runGo } from './toolchain.ts';

const toolchain = goToolchain();
const originals = goOriginals();
const programs = originals.filter((o) => o.kind === 'program');
const runtimeTests = originals.filter((o) => o.kind === 'runtime-test');

describe('the conformance ports', () => {
  it("name the Go originals they port (Go's test programs and runtime tests)", () => {
    expect(programs.length).toBeGreaterThan(0);
    expect(runtimeTests.length).toBeGreaterThan(0);
  });
});

describe.skipIf(!toolchain.available)(
  "Go's originals of the conformance ports",
  { concurrent: true, timeout: GO_LIMIT_MS },
  () => {
    const goroot = toolchain.available ? toolchain.goroot : '';

    it.each(programs)(
      '$file (ported in $port) runs clean with go run: status 0, no output',
      async (original) => {
        const file = path.join(goroot, original.file);
        expect(originalSource(original, goroot).split('\n')[0], "Go's test driver runs it").toBe('// run');
        const result = await runGo(['run', file], { cwd: path.dirname(file) });
        expect(result.stdout + result.stderr).toBe('');
        expect(result.exitCode).toBe(0);
      },
    );

    it(`runtime: ${runtimeTests.map((t) => t.name).join(', ')} pass with go test`, async () => {
      const names = runtimeTests.map((t) => t.name);
      const result = await runGo([
        'test',
        '-count=1',
        '-vet=off',
        '-v',
        '-run',
        `^(${names.join('|')})$`,
        'runtime',
      ]);
      expect(result.exitCode, result.stdout + result.stderr).toBe(0);
      const passed = [...result.stdout.matchAll(/^--- PASS: (\w+) /gm)].map((m) => m[1]);
      expect(passed.sort()).toEqual([...names].sort());
    });

    it('are the versions the ports were compared with', () => {
      const current = Object.fromEntries(
        originals.map((o: GoOriginal) => [originalKey(o), fingerprint(originalSource(o, goroot))]),
      );
      if (recording && toolchain.available) {
        writeFileSync(
          originalsFile,
          `${JSON.stringify({ go: toolchain.version, sha256: current }, null, 2)}\n`,
        );
        return;
      }
      const record = readOriginalsRecord();
      const changed = originals
        .filter((o) => record.sha256[originalKey(o)] !== current[originalKey(o)])
        .map((o) => `${originalKey(o)} (compare tests/conformance/${o.port})`);
      expect(changed, `originals that changed since ${record.go}`).toEqual([]);
    });
  },
);
