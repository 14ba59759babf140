/**
 * The Go toolchain the tests use: finding it, and running `go` commands in the snippets module.
 *
 * The module is src/snippets/ (its own go.mod with a pinned `go` line and a committed go.sum).
 * Every command runs with GOWORK=off, so a go.work above the clone cannot change what is built, and
 * with the machine's own module cache and build cache (outside the clone). `findGo` asks
 * `go env` inside the module, so the go.mod's `go` line picks the toolchain exactly as it would for
 * a learner (GOTOOLCHAIN's usual rules).
 *
 * Invariants: `runGo` never rejects for a command that ran (its status is in the result); it
 * rejects only when `go` cannot be started or exceeds the safety limit (`GO_LIMIT_MS`).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

export const repo = fileURLToPath(new URL('../../', import.meta.url));
/** The Go module holding every Go program the site shows. */
export const moduleDir = path.join(repo, 'src/snippets');

/**
 * The safety limit of one `go` command or program run, and of a Go test: far above the expected time
 * (seconds with a warm build cache), because a cold cache compiles the standard library, again for
 * `-race`, and the runtime's tests first. Never the assertion.
 */
export const GO_LIMIT_MS = 600_000;

/** What tests/go/setup.ts found, passed to every test file with `provide`. */
export type GoToolchain =
  | {
      readonly available: true;
      /** `go1.26.8` */
      readonly version: string;
      /** `linux/amd64` */
      readonly platform: string;
      readonly goroot: string;
    }
  | { readonly available: false; readonly reason: string };

declare module 'vitest' {
  interface ProvidedContext {
    goToolchain: GoToolchain;
  }
}

export interface GoResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/** The environment of every `go` command: the caller's, without a workspace. */
export function goEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, GOWORK: 'off', ...extra };
}

/** Runs `go <args>` in `cwd` (default: the module) and returns its output and exit status. */
export function runGo(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string>; limitMs?: number } = {},
): Promise<GoResult> {
  return new Promise((resolve, reject) => {
    execFile(
      'go',
      args,
      {
        cwd: options.cwd ?? moduleDir,
        env: goEnv(options.env),
        timeout: options.limitMs ?? GO_LIMIT_MS,
        maxBuffer: 64 * 1024 * 1024,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        if (error === null) return resolve({ stdout, stderr, exitCode: 0 });
        if (typeof error.code === 'number' && !error.killed) {
          return resolve({ stdout, stderr, exitCode: error.code });
        }
        reject(new Error(`go ${args.join(' ')}: ${error.message}`, { cause: error }));
      },
    );
  });
}

/** The `go` line of the module's go.mod, e.g. `1.26.0`. */
export function moduleGoVersion(): string {
  const goMod = readFileSync(path.join(moduleDir, 'go.mod'), 'utf8');
  const match = /^go (\d+\.\d+(?:\.\d+)?)$/m.exec(goMod);
  if (match?.[1] === undefined) throw new Error('src/snippets/go.mod has no `go` line');
  return match[1];
}

/** `go1.26.8` -> `1.26`: the release a page names ("printed by Go 1.26"). */
export function goRelease(version: string): string {
  const match = /^go(\d+)\.(\d+)/.exec(version);
  if (match === null) throw new Error(`not a Go version: ${version}`);
  return `${match[1]}.${match[2]}`;
}

/** Looks for a Go toolchain that can build the module; says why not when there is none. */
export async function findGo(): Promise<GoToolchain> {
  let result: GoResult;
  try {
    result = await runGo(['env', '-json', 'GOVERSION', 'GOROOT', 'GOOS', 'GOARCH'], { limitMs: 120_000 });
  } catch (error) {
    const code = (error as { cause?: { code?: unknown } }).cause?.code;
    return {
      available: false,
      reason: code === 'ENOENT' ? 'no `go` command on PATH' : (error as Error).message,
    };
  }
  if (result.exitCode !== 0) {
    const why = result.stderr.trim().split('\n')[0] ?? `exit status ${result.exitCode}`;
    return { available: false, reason: `\`go env\` in src/snippets failed: ${why}` };
  }
  const env = JSON.parse(result.stdout) as Record<'GOVERSION' | 'GOROOT' | 'GOOS' | 'GOARCH', string>;
  return {
    available: true,
    version: env.GOVERSION,
    platform: `${env.GOOS}/${env.GOARCH}`,
    goroot: env.GOROOT,
  };
}

/** The toolchain tests/go/setup.ts found (every Go test file reads it before it plans its tests). */
export function goToolchain(): GoToolchain {
  return inject('goToolchain');
}
