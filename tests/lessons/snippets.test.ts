/**
 * Every TypeScript snippet the lesson pages show is compiled against the real gort / gomesh types,
 * and every whole program is run, so a page cannot drift from the runtime's API or its output.
 *
 * - Compiled: src/snippets/** with the project's tsconfig (strictest, `paths` for gort/gomesh), by
 *   the TypeScript compiler API; any diagnostic fails with tsc's own text.
 * - Run: each program in the Node runner on the virtual clock; the output the page prints next to
 *   it (`main.out` in the program's folder) must be exactly what the program writes. The programs
 *   that deadlock or panic on purpose must exit 2 with Go's message and goroutine dump.
 * - The users service runs on gomesh's in-memory network and must answer every request of the Go
 *   service's curl transcript (`users/main.go.out`, which go-programs.test.ts replays against the
 *   real Go service) with the same status and JSON.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCurlTranscript, recordedAnswer } from './curl-transcript.ts';
import { goPrograms } from './go-programs.ts';
import { repo, snippetFiles, snippetsDir } from './lessons.ts';
import { HEAVY_RUN_MS, buildPackages, removePackages, runSnippet } from './run-snippet.ts';

const read = (rel: string) => readFileSync(path.join(snippetsDir, rel), 'utf8');

beforeAll(buildPackages, 120_000);
afterAll(removePackages);

describe('the lesson snippets', () => {
  it('typecheck with the project tsconfig', () => {
    const configFile = path.join(repo, 'tsconfig.json');
    const config: unknown = ts.readConfigFile(configFile, (f) => ts.sys.readFile(f)).config;
    const parsed = ts.parseJsonConfigFileContent(config, ts.sys, repo, { noEmit: true }, configFile);
    const files = snippetFiles().map((f) => path.join(snippetsDir, f));
    expect(files.length, 'snippet files found').toBeGreaterThan(0);
    const program = ts.createProgram({ rootNames: files, options: parsed.options });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file === undefined || files.includes(path.normalize(d.file.fileName)));
    const text = ts.formatDiagnostics(diagnostics, {
      getCanonicalFileName: (f) => f,
      getCurrentDirectory: () => repo,
      getNewLine: () => '\n',
    });
    expect(text).toBe('');
  }, 120_000);
});

/** Programs that end in Go's deadlock or panic message (their Go twins are compared as such). */
const crashing = goPrograms.flatMap((p) =>
  p.twin !== undefined && (p.twin.compare === 'deadlock' || p.twin.compare === 'panic')
    ? [path.relative(snippetsDir, path.join(repo, p.twin.file)).split(path.sep).join('/')]
    : [],
);

/** Programs that end on their own, with the output their page shows. */
const programs = snippetFiles().filter((f) => !f.startsWith('first-service/') && !crashing.includes(f));

describe.each(programs)('the program %s', (file) => {
  it('prints exactly what its page shows and exits 0', async () => {
    // Each ends on its own; the limit is only a safety net (the resilience experiment was cut at the
    // default 20 s on a busy CI).
    const run = await runSnippet(read(file), { timeoutMs: HEAVY_RUN_MS });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(read(file.replace(/\.ts$/, '.out')));
    expect(run.exitCode).toBe(0);
  });
});

describe('the ping-pong program without its receiver', () => {
  it("ends with Go's deadlock message and goroutine dump, exactly as its page shows, and status 2", async () => {
    const run = await runSnippet(read('unbuffered-channels/deadlock/main.ts'));
    expect(run.stdout + run.stderr).toBe(read('unbuffered-channels/deadlock/main.out'));
    expect(run.stdout).toBe('ping 1\n');
    expect(run.stderr).toMatch(
      /^fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 \[chan send\]:\n/,
    );
    expect(run.exitCode).toBe(2);
  });
});

describe.each(crashing)('the crashing program %s', (file) => {
  it("prints Go's message and the stuck or panicking goroutine's stack, exactly as its page shows, and exits 2", async () => {
    const run = await runSnippet(read(file));
    expect(run.stdout + run.stderr).toBe(read(file.replace(/\.ts$/, '.out')));
    expect(run.stderr).toMatch(/^(fatal error|panic): /);
    expect(run.exitCode).toBe(2);
  });
});

/** The requests and answers of the Go service's curl transcript, its bodies parsed as JSON. */
function transcript(text: string): { path: string; status: number; body: unknown }[] {
  return parseCurlTranscript(text).map((call) => {
    const answer = recordedAnswer(call);
    return { path: call.path, status: answer.status, body: JSON.parse(answer.body) as unknown };
  });
}

describe('the users service in TypeScript', () => {
  it("answers every request of the Go service's transcript with the same status and JSON", async () => {
    const calls = transcript(read('first-service/users/main.go.out'));
    expect(calls.map((c) => c.path)).toEqual(['/users', '/users/2', '/users/42', '/users/abc']);
    const check = `
      import { defineCheck, verbatim } from 'labcheck';
      const calls = ${JSON.stringify(calls)};
      export default defineCheck(async (t) => {
        await t.start({ service: 'users' });
        for (const call of calls) {
          const res = await t.fetch(call.path);
          t.equal(verbatim(call.path + ' status'), res.status, call.status);
          t.equal(verbatim(call.path + ' content-type'), res.headers['content-type']?.split(';')[0], 'application/json');
          t.equal(verbatim(call.path + ' body'), await res.json(), call.body);
        }
      });
    `;
    const run = await runSnippet(read('first-service/users/main.ts'), {
      clock: 'real',
      services: true,
      check,
    });
    expect(run.report?.items.filter((i) => !i.pass)).toEqual([]);
    expect(run.report?.items).toHaveLength(3 * calls.length);
    expect(run.report?.passed).toBe(true);
  });
});
