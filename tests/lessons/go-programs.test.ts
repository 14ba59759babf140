/**
 * Every Go program the site shows, verified with the real Go toolchain: vetted (`go vet`, which
 * also type-checks it), run the way its page says (`go run .`, `go run -race .`, `go build .`, or a
 * service called with curl), and its output compared with what the page shows; a TypeScript twin
 * meant to do the same is run in the same test and compared with it directly. The list is
 * tests/lessons/go-programs.ts; how a program is run repeatably is tests/go/run-go.ts.
 *
 * Without Go the verification skips (tests/go/setup.ts says so in one line; with CI=true it fails
 * instead); the inventory, which needs no Go, always runs. `npm run go:record` re-records the
 * outputs with the toolchain at hand.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  goBuild,
  goRun,
  goVet,
  harnessFile,
  programDir,
  warmBuildCache,
  type GoRunResult,
} from '../go/run-go.ts';
import { startGoService, type ServiceAnswer } from '../go/service.ts';
import { normalizeGoOutput } from '../go/normalize.ts';
import { expectRecorded, readGoVersionRecord, recording, writeGoVersionRecord } from '../go/record.ts';
import { GO_LIMIT_MS, goRelease, goToolchain, moduleDir, repo } from '../go/toolchain.ts';
import { parseCurlTranscript, renderCurlTranscript } from './curl-transcript.ts';
import { applyRewrites, goPrograms, usersRequests, type GoCheck, type GoProgram } from './go-programs.ts';
import { lessons, locales, pageFile } from './lessons.ts';
import { HEAVY_RUN_MS, buildPackages, removePackages, runSnippet } from './run-snippet.ts';

const toolchain = goToolchain();
const read = (file: string) => readFileSync(file, 'utf8');
const sourceOf = (program: GoProgram) => read(path.join(programDir(program), program.file));
/** The other TypeScript files in the folder of a twin (a lab's solution may have more than main.ts). */
function siblings(twin: string): Record<string, string> {
  const dir = path.dirname(path.join(repo, twin));
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    if (name.endsWith('.ts') && name !== path.basename(twin)) files[name] = read(path.join(dir, name));
  }
  return files;
}

/**
 * The TypeScript twin's run: for a lesson program whose page shows its output (a `.out` file next
 * to it, no sibling modules), that file, which snippets.test.ts holds the program's run to exactly
 * (stdout, empty stderr, status 0) with the same runner and seed; running it again here cost up to
 * 21 s a program (the resilience and throughput experiments). Lab solutions and programs with
 * sibling modules have no such file and run here.
 */
async function runTwin(twin: { file: string; compare: string }) {
  const shown = path.join(repo, twin.file.replace(/\.ts$/, '.out'));
  const files = siblings(twin.file);
  const heldBySnippets =
    twin.compare === 'output' &&
    twin.file.startsWith('src/snippets/') &&
    !twin.file.startsWith('src/snippets/first-service/') &&
    Object.keys(files).length === 0 &&
    existsSync(shown);
  if (heldBySnippets) return { stdout: read(shown), stderr: '', exitCode: 0 };
  return runSnippet(read(path.join(repo, twin.file)), { files, timeoutMs: HEAVY_RUN_MS });
}

describe('the Go module', () => {
  it('holds only programs this suite verifies', () => {
    const goFiles = readdirSync(moduleDir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.go'))
      .map((f) => f.split(path.sep).join('/'))
      .sort();
    expect(goFiles).toEqual(goPrograms.map((p) => `${p.dir}/${p.file}`).sort());
  });
});

/**
 * One `go run` per program and options, shared by the checks and the twin comparison; the lines a
 * racing program may also print (`mayAlsoPrint`) are taken out of its output. A `racy` program
 * runs again, up to three runs, until it prints what its check recorded (go-programs.ts says why).
 */
const runs = new Map<string, Promise<GoRunResult>>();
function run(program: GoProgram, race = false): Promise<GoRunResult> {
  const key = `${program.dir} ${race}`;
  let result = runs.get(key);
  if (result === undefined) {
    result = runUntilRecorded(program, race);
    runs.set(key, result);
  }
  return result;
}

async function runUntilRecorded(program: GoProgram, race: boolean): Promise<GoRunResult> {
  const expected = program.racy && !recording ? recordedRun(program, race) : undefined;
  let result = await runOnce(program, race);
  for (let tries = 1; expected !== undefined && tries < 3 && !expected(result.output); tries++) {
    result = await runOnce(program, race);
  }
  return result;
}

async function runOnce(program: GoProgram, race: boolean): Promise<GoRunResult> {
  const result = await goRun(program, { clock: program.clock, race });
  const extra = new Set(program.mayAlsoPrint ?? []);
  if (extra.size === 0) return result;
  const output = result.output
    .split('\n')
    .filter((line) => !extra.has(line))
    .join('\n');
  return { ...result, output };
}

/** Whether a run's output is the one the program's check recorded for this mode, if it has one. */
function recordedRun(program: GoProgram, race: boolean): ((output: string) => boolean) | undefined {
  const check = program.checks.find((c) =>
    race ? c.kind === 'transcript' && c.race : c.kind === 'output' || (c.kind === 'transcript' && !c.race),
  );
  if (check === undefined || !('file' in check)) return undefined;
  const recorded = normalizeGoOutput(read(path.join(programDir(program), check.file)));
  const shown = (output: string) =>
    check.kind === 'transcript' ? `$ go run${race ? ' -race' : ''} .\n${output}` : output;
  return (output) => normalizeGoOutput(shown(output)) === recorded;
}

/** The pages of the lesson whose snippets a program belongs to (both locales). */
function pagesOf(program: GoProgram): string[] {
  const lesson = lessons.find((l) => program.dir.startsWith(`${l.snippets}/`));
  if (lesson === undefined) throw new Error(`${program.dir} belongs to no lesson`);
  return locales.map((locale) => read(pageFile(lesson, locale)));
}

/** Answers of the Go service `program` (with `source`) to `paths`, in order. */
async function serviceAnswers(
  program: GoProgram,
  source: string,
  paths: readonly string[],
): Promise<ServiceAnswer[]> {
  const service = await startGoService(program, source);
  const answers: ServiceAnswer[] = [];
  let printed: string;
  try {
    for (const p of paths) answers.push(await service.get(p));
  } finally {
    printed = await service.stop();
  }
  expect(printed, 'what the service printed while it answered').toBe('');
  return answers;
}

function checkTitle(check: GoCheck): string {
  switch (check.kind) {
    case 'output':
      return `go run . prints exactly ${check.file} and exits 0`;
    case 'transcript':
      return `go run${check.race ? ' -race' : ''} . prints the transcript ${check.file}`;
    case 'build-error':
      return `go build . fails with the errors in ${check.file}`;
    case 'build-error-quoted':
      return `with ${check.fixes.length} bug fixed, go build . still fails with "${check.quote}", as the page quotes`;
    case 'curl':
      return `${check.fixes.length === 0 ? 'the service' : `with ${check.fixes.length} fixes, the service`} answers the curl transcript ${check.file}`;
  }
}

async function verify(program: GoProgram, check: GoCheck, goroot: string): Promise<void> {
  const dir = programDir(program);
  switch (check.kind) {
    case 'output': {
      const result = await run(program);
      expect(result.exitCode, result.output).toBe(0);
      expectRecorded(result.output, dir, check.file, goroot);
      return;
    }
    case 'transcript': {
      const result = await run(program, check.race);
      expectRecorded(`$ go run${check.race ? ' -race' : ''} .\n${result.output}`, dir, check.file, goroot);
      return;
    }
    case 'build-error': {
      const built = await goBuild(program);
      expect(built.exitCode).not.toBe(0);
      expectRecorded(`$ go build .\n${built.stderr}`, dir, check.file, goroot);
      return;
    }
    case 'build-error-quoted': {
      const source = applyRewrites(sourceOf(program), check.fixes, program.dir);
      const built = await goBuild(program, { source });
      expect(built.exitCode).not.toBe(0);
      expect(built.stderr).toContain(`: ${check.quote}\n`);
      for (const page of pagesOf(program)) expect(page).toContain(check.quote);
      return;
    }
    case 'curl': {
      const calls = parseCurlTranscript(read(path.join(dir, check.file)));
      const source = applyRewrites(sourceOf(program), check.fixes, program.dir);
      const answers = await serviceAnswers(
        program,
        source,
        calls.map((c) => c.path),
      );
      expectRecorded(renderCurlTranscript(calls, answers), dir, check.file, goroot);
      return;
    }
  }
}

/** A deadlock or panic dump without its source positions (tab-indented) and go run's status line. */
function withoutSourcePositions(goOutput: string): string {
  return goOutput
    .split('\n')
    .filter((line) => !line.startsWith('\t') && !/^exit status \d+$/.test(line))
    .join('\n');
}

/** Runs the TypeScript users service `file` and compares its answers with the Go service's. */
async function expectSameAnswers(file: string, goAnswers: readonly ServiceAnswer[]): Promise<void> {
  const expected = usersRequests.map((p, i) => ({ path: p, ...goAnswers[i] }));
  const check = `
    import { defineCheck, verbatim } from 'labcheck';
    const expected = ${JSON.stringify(expected)};
    const body = (type, text) => (type === 'application/json' ? JSON.parse(text) : text);
    export default defineCheck(async (t) => {
      await t.start({ service: 'users' });
      for (const want of expected) {
        const res = await t.fetch(want.path);
        const type = (res.headers['content-type'] ?? '').split(';')[0].trim();
        // A test's own check: its item names are paths, the same in both languages.
        t.equal(verbatim(want.path + ' status'), res.status, want.status);
        t.equal(verbatim(want.path + ' content-type'), type, want.contentType);
        t.equal(verbatim(want.path + ' body'), body(type, await res.text()), body(want.contentType, want.body));
      }
    });
  `;
  const result = await runSnippet(read(path.join(repo, file)), { clock: 'real', services: true, check });
  expect(result.report?.items.filter((i) => !i.pass)).toEqual([]);
  expect(result.report?.items).toHaveLength(3 * expected.length);
}

// Concurrent: each test mostly waits for a `go` process, so two cores are used while one links.
describe.skipIf(!toolchain.available)(
  `the Go programs, with ${toolchain.available ? toolchain.version : 'no Go'}`,
  { concurrent: true, timeout: GO_LIMIT_MS },
  () => {
    const goroot = toolchain.available ? toolchain.goroot : '';

    beforeAll(buildPackages, 120_000);
    beforeAll(
      () =>
        warmBuildCache(
          goPrograms
            .filter((p) => p.compiles)
            .map((p) => ({
              program: p,
              clock: p.clock,
              race: p.checks.some((c) => c.kind === 'transcript' && c.race),
            })),
        ),
      GO_LIMIT_MS,
    );
    beforeAll(() => {
      if (recording && toolchain.available) {
        writeGoVersionRecord({ go: toolchain.version, platform: toolchain.platform });
      }
    });
    afterAll(removePackages);

    it('are formatted with gofmt, as is the synctest harness', () => {
      const gofmt = path.join(goroot, 'bin', 'gofmt');
      expect(execFileSync(gofmt, ['-l', moduleDir, harnessFile], { encoding: 'utf8' })).toBe('');
    });

    it('were recorded with this Go release (the pages say which one printed their output)', () => {
      const recorded = readGoVersionRecord();
      const version = toolchain.available ? toolchain.version : '';
      expect(
        goRelease(version),
        `the Go output on the pages was recorded with ${recorded.go}; this is ${version}: re-record it with \`npm run go:record\` and update the pages' "Go ${goRelease(recorded.go)}"`,
      ).toBe(goRelease(recorded.go));
    });

    describe.each(goPrograms)('$dir/$file', (program) => {
      if (program.compiles) {
        it('compiles, and go vet reports nothing', async () => {
          const vet = await goVet(program, { clock: program.clock });
          expect(vet.stdout + vet.stderr).toBe('');
          expect(vet.exitCode).toBe(0);
        });
      }

      for (const check of program.checks) {
        it(checkTitle(check), () => verify(program, check, goroot));
      }

      const twin = program.twin;
      if (twin === undefined) return;
      it(`does what its TypeScript twin ${twin.file} does`, async () => {
        if (twin.compare === 'http') {
          await expectSameAnswers(twin.file, await serviceAnswers(program, sourceOf(program), usersRequests));
          return;
        }
        const ts = await runTwin(twin);
        if (twin.compare === 'output') {
          const go = await run(program);
          expect(go.exitCode, go.output).toBe(0);
          expect(ts.stderr).toBe('');
          expect(ts.exitCode).toBe(0);
          expect(ts.stdout).toBe(go.output);
        } else {
          const go = await run(program);
          expect(go.output).toMatch(/\nexit status 2\n$/);
          expect(ts.exitCode).toBe(2);
          // The positions differ (main.go:17, main.ts:15: the twins' imports differ); gort names the
          // learner's file and line where Go names its own.
          expect(withoutSourcePositions(ts.stdout + ts.stderr)).toBe(withoutSourcePositions(go.output));
          expect(ts.stdout + ts.stderr).toMatch(/\n\tmain\.ts:\d+\n/);
        }
      });
    });
  },
);
