/**
 * Builds the file tree every runner mounts for one run or check (browser-safe; no node:*).
 *
 * The tree: `package.json` ({"type":"module"}), the learner's files transpiled to `.js` at the same
 * paths, `node_modules/{gort,gomesh,labcheck}/**` (the prebuilt packages, declarations left out),
 * `__lab_host.mjs`, `__lab_map.mjs` (the learner map: where each emitted line and import is in the
 * learner's files, and what the packages export), and in check mode `__lab_check.mjs` and
 * `__lab_sources.mjs` (the learner's TypeScript as submitted, for a check that reads the types). Invariants: the same inputs give the same
 * tree for every runner (the runner kind is not an input; the worker's memory transport is chosen
 * by an argument, not by different files); learner files can never shadow the packages, the host or
 * the check; a syntax error in any learner file or the check throws a LabSyntaxError.
 */
import type { LearnerMap } from './learner-map.ts';
import { CHECK_FILE, HOST_FILE, MAP_FILE, SOURCES_FILE, isRuntimeFile } from './packages.ts';
import type { FileTree } from './runner.ts';
import type { LabMeta } from './schema.ts';
import { outputPath, transpileFiles, transpileModule } from './transpile.ts';

export type LabMode = 'run' | 'check';

export interface MountInput {
  /** The lab's metadata (entry, clock, seed, services, timeout). */
  readonly meta: Pick<LabMeta, 'entry' | 'clock' | 'seed' | 'services' | 'timeoutMs'>;
  /** The learner's files (TypeScript) by relative path. */
  readonly files: Readonly<Record<string, string>>;
  /** The built packages by path relative to pkgs/ (`node_modules/gort/index.js`, ...). */
  readonly packages: FileTree;
  /** The lab host's source (pkgs/__lab_host.mjs). */
  readonly host: string;
  /** The check's TypeScript source; required in check mode. */
  readonly check?: string;
  readonly mode: LabMode;
  /** `memory` makes the host install gomesh's in-memory transport (the worker runner). */
  readonly net?: 'memory';
  /** Show stack frames outside the learner's files in error reports (a debugging flag). */
  readonly internalFrames?: boolean;
  /** Run mode: replay this schedule token (a failed `t.explore` reported it) instead of the seed's order. */
  readonly schedule?: string;
  /** Run mode: end the run once the program only serves (the export's run; `--until-serving`). */
  readonly untilServing?: boolean;
}

export interface Mount {
  readonly files: FileTree;
  /** The script to run with node. */
  readonly entry: string;
  /** Arguments for the host. */
  readonly args: readonly string[];
  /** Wall-clock limit of the run, from the lab's metadata. */
  readonly timeoutMs: number;
}

export class LabMountError extends Error {
  override readonly name = 'LabMountError';
  readonly code = 'LAB_MOUNT';
}

const RESERVED = /^(?:node_modules(?:\/|$)|__lab|package\.json$)/;

function checkLearnerPath(path: string): void {
  if (
    path === '' ||
    path.startsWith('/') ||
    path.split('/').some((part) => part === '..' || part === '.' || part === '')
  ) {
    throw new LabMountError(`${path}: expected a relative file path without "." or ".." parts`);
  }
  if (RESERVED.test(path)) throw new LabMountError(`${path}: this name is reserved for the lab engine`);
}

/** The host's arguments for `input` (see src/lab/host/args.ts for their meaning). */
export function hostArgs(
  input: Pick<MountInput, 'meta' | 'mode' | 'net' | 'internalFrames' | 'schedule' | 'untilServing'>,
): string[] {
  const args = [
    `--mode=${input.mode}`,
    `--entry=${outputPath(input.meta.entry)}`,
    `--clock=${input.meta.clock}`,
    `--seed=${input.meta.seed}`,
    `--timeout=${input.meta.timeoutMs}`,
  ];
  if (input.meta.services) args.push('--services');
  if (input.net !== undefined) args.push(`--net=${input.net}`);
  if (input.internalFrames === true) args.push('--internal-frames');
  if (input.schedule !== undefined) args.push(`--schedule=${input.schedule}`);
  if (input.untilServing === true) args.push('--until-serving');
  return args;
}

/** Every specifier the packages' `exports` maps offer (`gort`, `gort/sync`, ...), sorted. */
function exportedSpecifiers(packages: FileTree): string[] {
  const out: string[] = [];
  for (const [path, contents] of Object.entries(packages)) {
    const match = /^node_modules\/((?:@[^/]+\/)?[^/]+)\/package\.json$/.exec(path);
    if (match === null || typeof contents !== 'string') continue;
    const name = match[1] ?? '';
    try {
      const { exports } = JSON.parse(contents) as { exports?: unknown };
      const keys = exports !== null && typeof exports === 'object' ? Object.keys(exports) : ['.'];
      for (const key of keys)
        if (key === '.' || key.startsWith('./')) out.push(key === '.' ? name : `${name}/${key.slice(2)}`);
    } catch {
      out.push(name);
    }
  }
  return out.sort();
}

export function buildMount(input: MountInput): Mount {
  for (const path of Object.keys(input.files)) checkLearnerPath(path);
  if (!Object.hasOwn(input.files, input.meta.entry)) {
    throw new LabMountError(`${input.meta.entry}: the lab's entry file is missing`);
  }
  const tree: Record<string, string | Uint8Array> = {};
  for (const [path, contents] of Object.entries(input.packages)) {
    if (path.startsWith('node_modules/') && isRuntimeFile(path)) tree[path] = contents;
  }
  const learner = transpileFiles(input.files);
  Object.assign(tree, learner.files);
  tree['package.json'] = '{"type":"module"}\n';
  tree[HOST_FILE] = input.host;
  const map: LearnerMap = { files: learner.emitted, packages: exportedSpecifiers(input.packages) };
  tree[MAP_FILE] = `export default ${JSON.stringify(map)};\n`;
  if (input.mode === 'check') {
    if (input.check === undefined) throw new LabMountError('check mode needs the check source');
    tree[CHECK_FILE] = transpileModule('check.ts', input.check);
    tree[SOURCES_FILE] = `export default ${JSON.stringify(input.files)};\n`;
  }
  return { files: tree, entry: HOST_FILE, args: hostArgs(input), timeoutMs: input.meta.timeoutMs };
}
