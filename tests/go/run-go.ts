/**
 * Building, vetting and running one Go program of the snippets module the way a learner does, in
 * its own folder: `go vet .`, `go build .`, `go run [-race] .`, or a service started and called over
 * HTTP.
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
import { connect, createServer } from 'node:net';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { goEnv, moduleDir, runGo, type GoResult } from './toolchain.ts';

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
/** Far above any expected time: a safety net, never the assertion. */
const LIMIT_MS = 120_000;

/** The absolute folder of a program. */
export function programDir(program: GoProgramFile): string {
  return path.join(moduleDir, program.dir);
}

/** Runs `fn` with a fresh temporary folder and the overlay flags `options` need; removes the folder. */
async function withOverlay<T>(
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

interface Spawned {
  readonly exited: Promise<number>;
  readonly pid: number;
  readonly output: () => Promise<string>;
}

/** Starts `command` in its own process group with stdout and stderr both going to `outputFile`. */
function spawnMerged(command: string, args: string[], cwd: string, outputFile: string): Spawned {
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
async function endGroup(spawned: Spawned): Promise<number> {
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
      reject(new Error(`${what} did not end within ${LIMIT_MS / 1000} s`));
    }, LIMIT_MS);
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

/** A free TCP port on 127.0.0.1 (free when asked; the service binds it right after). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address === null || typeof address === 'string') reject(new Error('no port'));
        else resolve(address.port);
      });
    });
  });
}

/**
 * Resolves once something accepts connections on `port`; rejects if `exited` settles first or the
 * safety limit passes.
 */
async function listening(port: number, exited: Promise<number>): Promise<void> {
  let ended = false;
  void exited.then(() => (ended = true));
  const deadline = Date.now() + LIMIT_MS;
  for (;;) {
    if (ended) throw new Error('the service exited before it listened');
    if (Date.now() > deadline) throw new Error(`the service did not listen within ${LIMIT_MS / 1000} s`);
    const accepted = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (accepted) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export interface ServiceAnswer {
  readonly status: number;
  /** The media type of Content-Type, without parameters (`application/json`). */
  readonly contentType: string;
  readonly body: string;
}

export interface RunningService {
  /** `GET <path>` on the service, like `curl -s localhost:8080<path>`. */
  readonly get: (requestPath: string) => Promise<ServiceAnswer>;
  /** Ends the service; resolves to everything it printed. */
  readonly stop: () => Promise<string>;
}

/** The one listen address a service program may contain; tests move it to a free port. */
export const SERVICE_ADDRESS = '":8080"';

function get(port: number, requestPath: string): Promise<ServiceAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: requestPath, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: (res.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '',
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Builds the service (its listen address `":8080"` moved to a free port on 127.0.0.1, the only
 * change) and starts it. `source` is the program text to serve, default the file as it is.
 */
export async function startGoService(program: GoProgramFile, source: string): Promise<RunningService> {
  const occurrences = source.split(SERVICE_ADDRESS).length - 1;
  if (occurrences !== 1) {
    throw new Error(
      `${program.dir}/${program.file} must listen on ${SERVICE_ADDRESS} exactly once, found ${occurrences}`,
    );
  }
  const tmp = await mkdtemp(path.join(tmpdir(), 'gcl-go-service-'));
  try {
    const port = await freePort();
    const binary = path.join(tmp, 'service');
    const built = await withOverlay(
      program,
      { source: source.replace(SERVICE_ADDRESS, `"127.0.0.1:${port}"`) },
      (flags) =>
        runGo(['build', '-buildvcs=false', ...flags, '-o', binary, '.'], { cwd: programDir(program) }),
    );
    if (built.exitCode !== 0) throw new Error(`go build ${program.dir} failed:\n${built.stderr}`);
    const service = spawnMerged(binary, [], tmp, path.join(tmp, 'output'));
    try {
      await listening(port, service.exited);
    } catch (error) {
      await endGroup(service);
      throw new Error(`${program.dir}: ${(error as Error).message}; it printed:\n${await service.output()}`, {
        cause: error,
      });
    }
    return {
      get: (requestPath) => get(port, requestPath),
      stop: async () => {
        await endGroup(service);
        const output = await service.output();
        await rm(tmp, { recursive: true, force: true });
        return output;
      },
    };
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }
}
