/**
 * Picks the runner for the lab UI: the WebContainer when the page is cross-origin isolated and it
 * boots within the time limit, otherwise the sandboxed worker, together with the reason (a
 * RunnerUnavailableError: not isolated, unsupported browser, boot timed out, boot failed) that the
 * UI shows as a visible notice. A learner who picks the worker gets it with no reason attached.
 *
 * Invariants: the returned runner's ready() has resolved; a WebContainer that did not become
 * ready is disposed; any failure of the WebContainer becomes a fallback, never an exception —
 * only a worker that cannot start either makes chooseRunner reject.
 */
import { RunnerUnavailableError, checkNonNegative, type LabRunner } from '../runner.ts';

export interface ChooseRunnerOptions {
  /** 'worker' skips the WebContainer (the learner's choice). Default 'webcontainer'. */
  readonly prefer?: 'webcontainer' | 'worker';
  /** How long the WebContainer may take to boot. Default 8000 ms. */
  readonly bootTimeoutMs?: number;
  /** Makes the WebContainer runner; default: webcontainer.ts, loaded only when needed. */
  readonly createWebContainer?: (bootTimeoutMs: number) => LabRunner | Promise<LabRunner>;
  /** Makes the worker runner; default: worker.ts, loaded only when needed. */
  readonly createWorker?: () => LabRunner | Promise<LabRunner>;
}

export interface RunnerChoice {
  readonly runner: LabRunner;
  /** Why the WebContainer is not used, when it was wanted but could not work here. */
  readonly fallbackReason?: RunnerUnavailableError;
}

const defaultWebContainer = async (bootTimeoutMs: number): Promise<LabRunner> => {
  const { createWebContainerRunner } = await import('./webcontainer.ts');
  return createWebContainerRunner({ bootTimeoutMs });
};

const defaultWorker = async (): Promise<LabRunner> => {
  const { createWorkerRunner } = await import('./worker.ts');
  return createWorkerRunner();
};

function asUnavailable(error: unknown): RunnerUnavailableError {
  if (error instanceof RunnerUnavailableError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new RunnerUnavailableError(
    'boot-failed',
    `The in-browser Node.js (WebContainer) failed to start: ${message}`,
    {
      cause: error,
    },
  );
}

export async function chooseRunner(options: ChooseRunnerOptions = {}): Promise<RunnerChoice> {
  checkNonNegative(options, ['bootTimeoutMs']);
  const bootTimeoutMs = options.bootTimeoutMs ?? 8000;
  const createWorker = options.createWorker ?? defaultWorker;
  let fallbackReason: RunnerUnavailableError | undefined;
  if (options.prefer !== 'worker') {
    let container: LabRunner | undefined;
    try {
      container = await (options.createWebContainer ?? defaultWebContainer)(bootTimeoutMs);
      await container.ready();
      return { runner: container };
    } catch (error) {
      container?.dispose();
      fallbackReason = asUnavailable(error);
    }
  }
  const worker = await createWorker();
  await worker.ready();
  return fallbackReason === undefined ? { runner: worker } : { runner: worker, fallbackReason };
}
