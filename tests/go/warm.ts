/**
 * Fills Go's build cache with what the Go tests compile, one `go` command at a time, so the test
 * files that run side by side do not each compile the same standard library packages: Go shares no
 * work in progress between processes, and on a cold cache the suite's `go` commands compiled the
 * standard library (plain, `-race`, arm64 and the runtime's tests) several times over, which more
 * than tripled go-programs.test.ts (138 s warm, 516 s cold).
 *
 * Only a warm-up: every step's failure is ignored (a program that fails to build fails in its own
 * test), and nothing is written outside Go's caches. `.ci/run` runs it first, before `npm
 * install` (in the background, beside npm install, the type check and the lint, it slowed that
 * phase from ~6 min to 11); in CI the Go global setup (tests/go/setup.ts) runs it once more, which
 * takes seconds on a warm cache.
 * Standalone, node's built-ins only (`node tests/go/warm.ts`, which imports only go-programs.ts's
 * list), as .ci/run runs it before the packages are installed.
 *
 * Measured on this machine kind (2 cores) from an empty build cache: 240-270 s in all when the
 * -race step compiled the whole module (391 packages; now 79: the nine programs run with -race);
 * 7-10 s when the cache is warm.
 */
import { execFile } from 'node:child_process';
import { devNull } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { goPrograms } from '../lessons/go-programs.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const snippets = path.join(repo, 'src/snippets');

/** The packages `go run -race` builds in go-programs.test.ts, and the harness's imports. */
function raceTargets(): string[] {
  const racy = goPrograms.filter((p) => p.checks.some((c) => c.kind === 'transcript' && c.race));
  return [...racy.map((p) => `./${p.dir}`), 'os', 'testing', 'testing/synctest'];
}

interface Step {
  readonly what: string;
  readonly cwd: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}

/** The compilations the Go tests need, each with the flags the tests use (so they hit the cache). */
const STEPS: readonly Step[] = [
  // go-programs.test.ts: build, vet, run and `run -race` of every program the pages show.
  // `go list -export` compiles every package and links none (`go build ./...` links each of the
  // module's 134 main packages and throws them away: 32 s even on a warm cache).
  { what: 'the snippets module', cwd: snippets, args: ['list', '-e', '-export', '-deps', './...'] },
  // Only the programs the tests run with -race, and the synctest harness's packages (the whole
  // module with -race compiled net/http and the mesh's dependencies for nothing: 65-78 s cold).
  {
    what: 'the programs run with -race',
    cwd: snippets,
    args: ['list', '-e', '-race', '-export', '-deps', ...raceTargets()],
  },
  { what: 'go vet of the snippets module', cwd: snippets, args: ['vet', './...'] },
  // claims.test.ts: the atomic counter's assembly for arm64 (the amd64 build is the first step's).
  {
    what: 'the atomic counter for arm64',
    cwd: path.join(snippets, 'atomic-counters/counter'),
    args: ['build', '-o', devNull, '.'],
    env: { GOARCH: 'arm64' },
  },
  // conformance.test.ts: Go's own runtime tests (compiled here, none run).
  {
    what: "the runtime's tests",
    cwd: snippets,
    args: ['test', '-count=1', '-vet=off', '-run', '^$', 'runtime'],
  },
  // export.test.ts: the Envoy and Prometheus checkers, modules of their own.
  {
    what: 'the Envoy checker',
    cwd: path.join(repo, 'tests/export/envoy-check'),
    args: ['build', '-o', devNull, '.'],
  },
  {
    what: 'the Prometheus checker',
    cwd: path.join(repo, 'tests/export/prometheus-check'),
    args: ['build', '-o', devNull, '.'],
  },
];

function runStep(step: Step): Promise<{ ok: boolean; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(
      'go',
      [...step.args],
      {
        cwd: step.cwd,
        env: { ...process.env, GOWORK: 'off', ...step.env },
        timeout: 600_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error) => resolve({ ok: error === null, ms: performance.now() - started }),
    );
  });
}

/** Runs every step in turn; returns one line per step (what, seconds, whether it built). */
export async function warmGoCaches(): Promise<string[]> {
  const lines: string[] = [];
  for (const step of STEPS) {
    const { ok, ms } = await runStep(step);
    lines.push(`${step.what}: ${(ms / 1000).toFixed(1)} s${ok ? '' : ' (did not build; its tests say why)'}`);
  }
  return lines;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  for (const line of await warmGoCaches()) console.log(`go warm-up: ${line}`);
  console.log(`go warm-up: done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}
