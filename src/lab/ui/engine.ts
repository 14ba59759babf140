/**
 * The production engine behind the lab store: picks the runner (`chooseRunner`), fetches the
 * prebuilt packages from `/_lab/` and the lab's solution and check from `/lab-data/<id>.json`
 * (src/pages/lab-data), and builds the mount (`buildMount`) for each run.
 *
 * Invariants: per page, the packages are fetched once, one sandbox (worker runner) serves every
 * lab and preference, and the runner is chosen once per preference (a tab boots at most one
 * WebContainer, whatever the number of labs); a WebContainer that starts after the page fell back
 * to the sandbox becomes the `auto` choice from then on and is announced to every `onUpgrade`
 * listener, once; the lab JSON (solution and check) is fetched only when a
 * check or the solution is first wanted; learner code only ever reaches a runner, never this page's
 * realm (mount transpiles it to text; nothing here evaluates it).
 */
import { buildMount } from '../mount.ts';
import {
  editorPackages,
  fetchLabDeclarations,
  fetchLabPackages,
  labDataUrl,
  type LoadedPackages,
} from '../packages.ts';
import type { LabHttpRequest, LabHttpResponse, LabRunner } from '../runner.ts';
import { chooseRunner, type LateBootingRunner } from '../runners/select.ts';
import type { LabConfig } from './config.ts';
import type { Declarations } from './monaco.ts';
import { isFiles, type Files } from './persistence.ts';
import type { ChosenRunner, GoTwin, LabEngine, RunnerPreference, ServiceRequester } from './lab-engine.ts';

interface PublishedLab {
  readonly solution: Files;
  readonly check: string;
  readonly go?: GoTwin;
}

function isGoTwin(value: unknown): value is GoTwin {
  const twin = value as Partial<Record<keyof GoTwin, unknown>> | null;
  return (
    typeof twin === 'object' &&
    twin !== null &&
    typeof twin.source === 'string' &&
    typeof twin.version === 'string'
  );
}

/**
 * How long the WebContainer may take to boot, when nothing says it cannot, before the lab falls back
 * to the sandbox. The status line quotes it to the learner while the WebContainer starts.
 */
export const BOOT_TIMEOUT_MS = 8000;

/**
 * The boot time limit this page uses: `BOOT_TIMEOUT_MS`, unless an end-to-end test set
 * `globalThis.__gclBootTimeoutMs` (an init script, tests/e2e/webcontainer-fate.ts) so that "while
 * the WebContainer starts" lasts exactly as long as the test holds StackBlitz's hosts, instead of
 * racing 8 s of real time on a slow machine. The status line says whichever limit applies.
 */
function bootTimeoutMs(): number {
  const set = (globalThis as { __gclBootTimeoutMs?: unknown }).__gclBootTimeoutMs;
  return typeof set === 'number' && Number.isFinite(set) && set > 0 ? set : BOOT_TIMEOUT_MS;
}

let packages: Promise<LoadedPackages> | undefined;

/** The files a run mounts (not the editor's declarations, which a run never needs). */
function loadPackages(base: string): Promise<LoadedPackages> {
  if (packages) return packages;
  const loading = fetchLabPackages(`${base}pkgs/`);
  packages = loading;
  // A failed fetch is not kept: the next run tries again.
  loading.catch(() => {
    if (packages === loading) packages = undefined;
  });
  return loading;
}

/** How a page picks its runners; one per page (see `pagePicker`). */
export interface RunnerPicker {
  /** The choice for `preference`, made once (a failed choice is made again next time). */
  pick(preference: RunnerPreference): Promise<ChosenRunner>;
  /**
   * Calls `listener` once with the WebContainer when the page fell back from it and it starts after
   * all (at once if it has already); from then on `pick('auto')` gives it. Returns a function that
   * unsubscribes.
   */
  onUpgrade(listener: (better: ChosenRunner) => void): () => void;
}

export interface RunnerFactories {
  /** The page's sandbox: the same runner for every call. */
  readonly createWorker: () => LabRunner | Promise<LabRunner>;
  readonly createWebContainer: () => LateBootingRunner | Promise<LateBootingRunner>;
}

export function createRunnerPicker(factories: RunnerFactories): RunnerPicker {
  const choices = new Map<RunnerPreference, Promise<ChosenRunner>>();
  const waiting = new Set<(better: ChosenRunner) => void>();
  let upgrade: ChosenRunner | undefined;
  const webContainerReady = (runner: LabRunner) => {
    const better: ChosenRunner = { runner };
    upgrade = better;
    choices.set('auto', Promise.resolve(better));
    for (const listener of [...waiting]) listener(better);
    waiting.clear();
  };
  return {
    pick(preference) {
      const chosen = choices.get(preference);
      if (chosen) return chosen;
      const choosing = chooseRunner({
        prefer: preference === 'worker' ? 'worker' : 'webcontainer',
        createWorker: factories.createWorker,
        createWebContainer: factories.createWebContainer,
        onLateWebContainer: webContainerReady,
      }).then(({ runner, fallbackReason: why }) => ({
        runner,
        // `message` is for developers (the console); the UI words `code`.
        ...(why ? { fallback: { code: why.code, message: why.message } } : {}),
      }));
      choices.set(preference, choosing);
      choosing.catch(() => {
        if (choices.get(preference) === choosing) choices.delete(preference);
      });
      return choosing;
    },
    onUpgrade(listener) {
      const better = upgrade;
      if (better !== undefined) {
        queueMicrotask(() => listener(better));
        return () => undefined;
      }
      waiting.add(listener);
      return () => void waiting.delete(listener);
    },
  };
}

let sandbox: Promise<LabRunner> | undefined;
let picker: RunnerPicker | undefined;

/** The page's one picker: a tab boots at most one WebContainer and starts one sandbox, whatever the number of labs. */
function pagePicker(): RunnerPicker {
  picker ??= createRunnerPicker({
    createWorker: () => {
      sandbox ??= import('../runners/worker.ts').then(({ createWorkerRunner }) => createWorkerRunner());
      return sandbox;
    },
    createWebContainer: async () => {
      const { createWebContainerRunner } = await import('../runners/webcontainer.ts');
      return createWebContainerRunner({ bootTimeoutMs: bootTimeoutMs() });
    },
  });
  return picker;
}

export interface ProductionEngine extends LabEngine {
  /** How long the WebContainer may take to boot (ms) before the sandbox is used instead. */
  readonly bootTimeoutMs: number;

  /**
   * The `.d.ts` files of the packages this lab can import (`editorPackages`), for Monaco, by
   * `node_modules/...` path. Asks for the files a run mounts first, so asking early also warms the
   * first run.
   */
  declarations(): Promise<Declarations>;
  /** Sends a request to the running program's services through the current runner (every runner can). */
  request(request: LabHttpRequest): Promise<LabHttpResponse>;
  /** A GET-only view of `request` for the request panel, once a runner is chosen. */
  requester(): ServiceRequester | undefined;
}

export function createEngine(config: LabConfig): ProductionEngine {
  let published: Promise<PublishedLab> | undefined;
  let current: LabRunner | undefined;
  const fetchLab = () => {
    published ??= fetch(labDataUrl(config.base, config.id))
      .then(async (response) => {
        if (!response.ok) throw new Error(`could not load ${response.url}: HTTP ${response.status}`);
        const lab = (await response.json()) as { solution?: unknown; check?: unknown; go?: unknown };
        if (
          !isFiles(lab.solution) ||
          typeof lab.check !== 'string' ||
          (lab.go !== undefined && !isGoTwin(lab.go))
        ) {
          throw new Error(`${response.url} is not a published lab`);
        }
        return { solution: lab.solution, check: lab.check, ...(lab.go ? { go: lab.go } : {}) };
      })
      .catch((error: unknown) => {
        published = undefined;
        throw error;
      });
    return published;
  };
  const request = (req: LabHttpRequest): Promise<LabHttpResponse> => {
    if (current === undefined) return Promise.reject(new Error('no runner has been chosen yet'));
    return current.request(req);
  };

  return {
    bootTimeoutMs: bootTimeoutMs(),
    async chooseRunner(preference) {
      const choice = await pagePicker().pick(preference);
      current = choice.runner;
      return choice;
    },
    onUpgrade: (listener) => pagePicker().onUpgrade(listener),
    async prepare(files, mode, runner, extras = {}) {
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
        ...(extras.schedule === undefined ? {} : { schedule: extras.schedule }),
        ...(extras.untilServing === true ? { untilServing: true } : {}),
      });
      return { files: mount.files, entry: mount.entry, args: mount.args };
    },
    async solution() {
      return (await fetchLab()).solution;
    },
    async goTwin() {
      return (await fetchLab()).go;
    },
    declarations() {
      // The run's files are asked for first: on a busy connection they come before the editor's types.
      loadPackages(config.base).catch(() => undefined);
      return fetchLabDeclarations(`${config.base}pkgs/`, { packages: editorPackages(config) });
    },
    request,
    requester() {
      if (current === undefined) return undefined;
      return {
        async get(url) {
          const res = await request({ url, method: 'GET' });
          return { status: res.status, body: res.body };
        },
      };
    },
  };
}
