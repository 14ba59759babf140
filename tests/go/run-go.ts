/**
 * Building, vetting and running one Go program of the snippets module the way a learner does, in
 * its own folder: `go vet .`, `go build .`, `go run [-race] .` (a service: tests/go/service.ts).
 *
 * How a run is made repeatable without changing the program's files:
 * - Every program runs with GOMAXPROCS=1, gort's model (one thread): the order of events that Go
 *   leaves to the scheduler (does a goroutine print before main returns? which of two racing writes
 *   is reported first?) is then the same on every run.
 * - A program that sleeps runs on testing/synctest's fake clock (clock 'synctest'):
 *   tests/go/synctest_main.go is added to its package with `-overlay`, so `time.Sleep(time.Second)`
 *   takes no real time and the output never depends on the machine's load.
 * - `source` replaces the program file's text for one command (an overlay, never a write): the
 *   seed's buggy service with a bug fixed, or a service on a free port instead of 8080, which
 *   another program on a shared machine may hold.
 *
 * Output: stdout and stderr go to one file, as to a terminal, so a run's output keeps the order in
 * which the program wrote it (a race report between two lines of output). Invariant: every
 * temporary file is removed and every started process is ended before a function returns (a
 * service: when `stop` resolves).
 */
import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GO_LIMIT_MS, goEnv, moduleDir, runGo, type GoResult } from './toolchain.ts';

/** A Go program in the snippets module: its package folder (relative to src/snippets/) and file. */
export interface GoProgramFile {
  readonly dir: string;
  readonly file: string;
}

export type GoClock = 'real' | 'synctest';

export interface GoCommandOptions {
  /** Which clock the program's sleeps use. Default 'real'. */
  readonly clock?: GoClock;
  /** Build with the race detector (`-race`). Default false. */
  readonly race?: boolean;
  /** Text that replaces the program file for this command. Default: the file as it is. */
  readonly source?: string;
}

/** What a program printed (stdout and stderr, in the order written) and how `go run` ended. */
export interface GoRunResult {
  readonly output: string;
  readonly exitCode: number;
}

/** The file that runs a program's main on testing/synctest's fake clock. */
export const harnessFile = fileURLToPath(new URL('./synctest_main.go', import.meta.url));
/** The name the harness has inside the program's package (last, so its init runs after the program's). */
const HARNESS_NAME = 'zz_synctest_main.go';

/** The absolute folder of a program. */
export function programDir(program: GoProgramFile): string {
  return path.join(moduleDir, program.dir);
}

/** Runs `fn` with a fresh temporary folder and the overlay flags `options` need; removes the folder. */
export async function withOverlay<T>(
  program: GoProgramFile,
  options: GoCommandOptions,
  fn: (flags: string[], tmp: string) => Promise<T>,
): Promise<T> {
  const tmp = await mkdtemp(path.join(tmpdir(), 'gcl-go-'));
  try {
    const replace: Record<string, string> = {};
    if (options.clock === 'synctest') replace[path.join(programDir(program), HARNESS_NAME)] = harnessFile;
    if (options.source !== undefined) {
      const replacement = path.join(tmp, program.file);
      await writeFile(replacement, options.source);
      replace[path.join(programDir(program), program.file)] = replacement;
    }
    const flags = options.race === true ? ['-race'] : [];
    if (Object.keys(replace).length > 0) {
      const overlay = path.join(tmp, 'overlay.json');
      await writeFile(overlay, JSON.stringify({ Replace: replace }));
      flags.push(`-overlay=${overlay}`);
    }
    return await fn(flags, tmp);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/**
 * Compiles `programs` into Go's build cache, the standard library they use included, with one `go
 * build` for the plain builds and one for `-race`. Only a warm-up: concurrent `go` commands on a
 * cold cache would each compile the same packages (Go does not share work in progress between
 * processes). Nothing is linked; a program that fails to build fails in its own test, not here.
 */
export async function warmBuildCache(
  programs: readonly { program: GoProgramFile; clock: GoClock; race: boolean }[],
): Promise<void> {
  const tmp = await mkdtemp(path.join(tmpdir(), 'gcl-go-warm-'));
  try {
    const overlay = path.join(tmp, 'overlay.json');
    const harnessFor = programs.filter((p) => p.clock === 'synctest');
    await writeFile(
      overlay,
      JSON.stringify({
        Replace: Object.fromEntries(
          harnessFor.map((p) => [path.join(programDir(p.program), HARNESS_NAME), harnessFile]),
        ),
      }),
    );
    for (const race of [false, true]) {
      const packages = programs.filter((p) => !race || p.race).map((p) => `./${p.program.dir}`);
      if (packages.length === 0) continue;
      // Several packages are compiled and not linked; a single main package would be linked and
      // written to the working folder, so it is written to the temporary one instead.
      const output = packages.length === 1 ? ['-o', path.join(tmp, 'program')] : [];
      await runGo(['build', ...(race ? ['-race'] : []), `-overlay=${overlay}`, ...output, ...packages]);
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** `go vet .` in the program's folder (with the synctest harness when it runs on that clock). */
export function goVet(program: GoProgramFile, options: GoCommandOptions = {}): Promise<GoResult> {
  return withOverlay(program, { ...options, race: false }, (flags) =>
    runGo(['vet', ...flags, '.'], { cwd: programDir(program) }),
  );
}

/** `go build .` in the program's folder; the binary is thrown away. */
export function goBuild(program: GoProgramFile, options: GoCommandOptions = {}): Promise<GoResult> {
  return withOverlay(program, options, (flags, tmp) =>
    runGo(['build', '-buildvcs=false', ...flags, '-o', path.join(tmp, 'program'), '.'], {
      cwd: programDir(program),
    }),
  );
}

export interface Spawned {
  readonly exited: Promise<number>;
  readonly pid: number;
  readonly output: () => Promise<string>;
}

/** Starts `command` in its own process group with stdout and stderr both going to `outputFile`. */
export function spawnMerged(command: string, args: string[], cwd: string, outputFile: string): Spawned {
  const fd = openSync(outputFile, 'w');
  const child = spawn(command, args, {
    cwd,
    env: goEnv({ GOMAXPROCS: '1' }),
    stdio: ['ignore', fd, fd],
    detached: true,
  });
  closeSync(fd);
  const exited = new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal === null ? -1 : 128)));
  });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  return { exited, pid: child.pid, output: () => readFile(outputFile, 'utf8') };
}

/** Ends the process group of `spawned` (a program and anything it started) and waits for it. */
export async function endGroup(spawned: Spawned): Promise<number> {
  try {
    process.kill(-spawned.pid, 'SIGKILL');
  } catch {
    // The group has already ended.
  }
  return spawned.exited;
}

/** Waits for `promise`, ending `spawned` if the safety limit passes first. */
async function withinLimit(spawned: Spawned, what: string): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void endGroup(spawned);
      reject(new Error(`${what} did not end within ${GO_LIMIT_MS / 1000} s`));
    }, GO_LIMIT_MS);
  });
  try {
    return await Promise.race([spawned.exited, limit]);
  } finally {
    clearTimeout(timer);
  }
}

/** `go run [-race] .` in the program's folder, as a learner types it. */
export function goRun(program: GoProgramFile, options: GoCommandOptions = {}): Promise<GoRunResult> {
  return withOverlay(program, options, async (flags, tmp) => {
    const run = spawnMerged('go', ['run', ...flags, '.'], programDir(program), path.join(tmp, 'output'));
    const exitCode = await withinLimit(run, `go run ${program.dir}`);
    return { output: await run.output(), exitCode };
  });
}
