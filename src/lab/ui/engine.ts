/**
 * The production engine behind the lab store: picks the runner (E1b's `chooseRunner`), fetches
 * the prebuilt packages from `/_lab/` and the lab's solution and check from `/lab-data/<id>.json`
 * (src/pages/lab-data), and builds the mount (E1a's `buildMount`) for each run.
 *
 * Invariants: per page, the packages are fetched once and the runner is chosen once (a tab boots
 * at most one WebContainer, whatever the number of labs); the lab JSON (solution and check) is
 * fetched only when a check or the solution is first wanted; learner code only ever reaches a
 * runner, never this page's realm (mount transpiles it to text; nothing here evaluates it).
 */
import { buildMount } from '../mount.ts';
import { fetchLabPackages, labDataUrl, type LoadedPackages } from '../packages.ts';
import type { LabRunner } from '../runner.ts';
import { chooseRunner } from '../runners/select.ts';
import type { LabHttpRequest, LabHttpResponse } from '../runners/worker.ts';
import type { LabConfig } from './config.ts';
import type { Declarations } from './monaco.ts';
import { isFiles, type Files } from './persistence.ts';
import type { ChosenRunner, LabEngine, RunnerPreference } from './lab-engine.ts';
import type { ServiceRequester } from './view.ts';

interface PublishedLab {
  readonly solution: Files;
  readonly check: string;
}

/** What the worker runner offers for the request panel (see runners/worker-sandbox/messages.ts). */
interface HttpCapable {
  request(request: LabHttpRequest): Promise<LabHttpResponse>;
}

function canRequest(runner: LabRunner | undefined): runner is LabRunner & HttpCapable {
  return typeof (runner as Partial<HttpCapable> | undefined)?.request === 'function';
}

/**
 * How long the WebContainer may take to boot before the lab falls back to the sandbox. The status
 * line quotes it to the learner while the WebContainer starts, so it is passed explicitly.
 */
export const BOOT_TIMEOUT_MS = 8000;

let packages: Promise<LoadedPackages> | undefined;
/** One choice per preference per page: a tab boots at most one WebContainer. */
const runnerChoices = new Map<RunnerPreference, Promise<ChosenRunner>>();

function loadPackages(base: string): Promise<LoadedPackages> {
  if (packages) return packages;
  const loading = fetchLabPackages(`${base}pkgs/`, { types: true });
  packages = loading;
  // A failed fetch is not kept: the next run tries again.
  loading.catch(() => {
    if (packages === loading) packages = undefined;
  });
  return loading;
}

function pickRunner(preference: RunnerPreference): Promise<ChosenRunner> {
  const chosen = runnerChoices.get(preference);
  if (chosen) return chosen;
  const choosing = chooseRunner({
    prefer: preference === 'worker' ? 'worker' : 'webcontainer',
    bootTimeoutMs: BOOT_TIMEOUT_MS,
  }).then(({ runner, fallbackReason: why }) => ({
    runner,
    ...(why ? { fallback: { code: why.code, message: why.message } } : {}),
  }));
  runnerChoices.set(preference, choosing);
  choosing.catch(() => {
    if (runnerChoices.get(preference) === choosing) runnerChoices.delete(preference);
  });
  return choosing;
}

export interface ProductionEngine extends LabEngine {
  /** How long the WebContainer may take to boot (ms) before the sandbox is used instead. */
  readonly bootTimeoutMs: number;

  /**
   * The packages' `.d.ts` files for Monaco, by `node_modules/...` path. Fetches the packages, which
   * the first run needs too, so asking early also warms the run.
   */
  declarations(): Promise<Declarations>;
  /** A requester for the running program's services, when the runner supports it. */
  requester(): ServiceRequester | undefined;
}

export function createEngine(config: LabConfig): ProductionEngine {
  let published: Promise<PublishedLab> | undefined;
  let current: LabRunner | undefined;
  const fetchLab = () => {
    published ??= fetch(labDataUrl(config.base, config.id))
      .then(async (response) => {
        if (!response.ok) throw new Error(`could not load ${response.url}: HTTP ${response.status}`);
        const lab = (await response.json()) as { solution?: unknown; check?: unknown };
        if (!isFiles(lab.solution) || typeof lab.check !== 'string') {
          throw new Error(`${response.url} is not a published lab`);
        }
        return { solution: lab.solution, check: lab.check };
      })
      .catch((error: unknown) => {
        published = undefined;
        throw error;
      });
    return published;
  };

  return {
    bootTimeoutMs: BOOT_TIMEOUT_MS,
    async chooseRunner(preference) {
      const choice = await pickRunner(preference);
      current = choice.runner;
      return choice;
    },
    async prepare(files, mode, runner) {
      const [pkgs, lab] = await Promise.all([
        loadPackages(config.base),
        mode === 'check' ? fetchLab() : undefined,
      ]);
      const mount = buildMount({
        meta: config,
        files,
        packages: pkgs.packages,
        host: pkgs.host,
        mode,
        ...(lab ? { check: lab.check } : {}),
        // The sandbox has no sockets: services talk over gomesh's in-memory transport there.
        ...(runner === 'worker' ? { net: 'memory' as const } : {}),
      });
      return { files: mount.files, entry: mount.entry, args: mount.args };
    },
    async solution() {
      return (await fetchLab()).solution;
    },
    async declarations() {
      const pkgs = await loadPackages(config.base);
      const out: Record<string, string> = {};
      for (const [path, text] of Object.entries(pkgs.packages)) {
        if (path.endsWith('.d.ts')) out[path] = text;
      }
      return out;
    },
    requester() {
      const runner = current;
      if (!canRequest(runner)) return undefined;
      return {
        async get(url) {
          const res = await runner.request({ url, method: 'GET' });
          return { status: res.status, body: res.body };
        },
      };
    },
  };
}
