/**
 * Picks the runner for the lab UI: the WebContainer when the page is cross-origin isolated and it
 * boots, otherwise the sandboxed worker, together with the reason (a RunnerUnavailableError code)
 * that the UI words as a visible notice. A learner who picks the worker gets it with no reason.
 *
 * The sandbox is started in parallel with the WebContainer's boot, so a fallback costs no further
 * start-up; and the WebContainer runner gives up as soon as its failure is knowable (not isolated,
 * unsupported, offline, StackBlitz unreachable), waiting out its boot limit only when nothing tells.
 * A boot given up on for being slow or unreachable goes on in the background: when it succeeds
 * after all, `onLateWebContainer` receives the ready runner (the UI offers it; nothing switches).
 *
 * Invariants: the returned runner's ready() has resolved; any failure of the WebContainer becomes a
 * fallback, never an exception — only a worker that cannot start either makes chooseRunner
 * reject; the worker started in parallel is disposed when the WebContainer wins.
 */
import { RunnerUnavailableError, type LabRunner } from '../runner.ts';

/** A WebContainer runner: a runner whose boot may succeed after ready() gave up on it. */
export interface LateBootingRunner extends LabRunner {
  /** Resolves once the container is up (even after ready() rejected); rejects when it never can be. */
  booted(): Promise<void>;
}

export interface ChooseRunnerOptions {
  /** 'worker' skips the WebContainer (the learner's choice). Default 'webcontainer'. */
  readonly prefer?: 'webcontainer' | 'worker';
  /** Makes the WebContainer runner; default: webcontainer.ts with its defaults, loaded only when needed. */
  readonly createWebContainer?: () => LateBootingRunner | Promise<LateBootingRunner>;
  /** Makes the worker runner; default: worker.ts, loaded only when needed. */
  readonly createWorker?: () => LabRunner | Promise<LabRunner>;
  /** Receives the WebContainer when its boot, given up on, succeeds after the fallback. */
  readonly onLateWebContainer?: (runner: LabRunner) => void;
}

export interface RunnerChoice {
  readonly runner: LabRunner;
  /** Why the WebContainer is not used, when it was wanted but could not work here. */
  readonly fallbackReason?: RunnerUnavailableError;
}

const defaultWebContainer = async (): Promise<LateBootingRunner> => {
  const { createWebContainerRunner } = await import('./webcontainer.ts');
  return createWebContainerRunner();
};

const defaultWorker = async (): Promise<LabRunner> => {
  const { createWorkerRunner } = await import('./worker.ts');
  return createWorkerRunner();
};

function asUnavailable(error: unknown): RunnerUnavailableError {
  if (error instanceof RunnerUnavailableError) return error;
  return new RunnerUnavailableError('boot-failed', { cause: error });
}

export async function chooseRunner(options: ChooseRunnerOptions = {}): Promise<RunnerChoice> {
  const createWorker = options.createWorker ?? defaultWorker;
  const startWorker = async () => {
    const worker = await createWorker();
    await worker.ready();
    return worker;
  };
  if (options.prefer === 'worker') return { runner: await startWorker() };

  const worker = startWorker();
  worker.catch(() => undefined);
  let container: LateBootingRunner | undefined;
  let fallbackReason: RunnerUnavailableError;
  try {
    container = await (options.createWebContainer ?? defaultWebContainer)();
    await container.ready();
    void worker.then(
      (standby) => standby.dispose(),
      () => undefined,
    );
    return { runner: container };
  } catch (error) {
    fallbackReason = asUnavailable(error);
  }
  if (container !== undefined) {
    const late = container;
    late.booted().then(
      () => options.onLateWebContainer?.(late),
      () => late.dispose(),
    );
  }
  return { runner: await worker, fallbackReason };
}
