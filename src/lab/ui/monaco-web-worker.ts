/**
 * What Monaco's language workers are started with, in place of monaco-editor 0.57's
 * `internal/common/workers.js` (monaco-slim-plugin.mjs redirects its imports here).
 *
 * Why: that module's `createWebWorker` is a few lines, but the module first imports every editor
 * feature Monaco has (73 side-effect imports), so the TypeScript worker manager that needs it
 * would put all of them back into the lab's editor; monaco-features.ts chooses the lab's instead.
 * Invariants: the same contract as Monaco's — the worker comes from `MonacoEnvironment.getWorker`
 * (monaco.ts sets it), receives `"ignore"` then the create data as its first two messages (how
 * Monaco's worker entries start), and is wrapped by Monaco's public `editor.createWebWorker`.
 */
import { editor } from 'monaco-editor/editor';

/** The options Monaco's worker managers pass (languages/features/<lang>/workerManager.js). */
export interface WebWorkerOptions {
  readonly label?: string;
  readonly moduleId?: string;
  readonly createData?: unknown;
  readonly host?: Record<string, (...args: unknown[]) => unknown>;
  readonly keepIdleModels?: boolean;
}

export function createWebWorker<T extends object>(opts: WebWorkerOptions): editor.MonacoWebWorker<T> {
  const environment = (
    globalThis as { MonacoEnvironment?: { getWorker?(id: string, label: string): Worker } }
  ).MonacoEnvironment;
  if (typeof environment?.getWorker !== 'function') {
    throw new Error(
      'monaco-web-worker: MonacoEnvironment.getWorker must be set before a language worker starts',
    );
  }
  const worker = environment.getWorker('workerMain.js', opts.label ?? 'monaco-editor-worker');
  worker.postMessage('ignore');
  worker.postMessage(opts.createData);
  return editor.createWebWorker<T>({
    worker,
    ...(opts.host ? { host: opts.host } : {}),
    ...(opts.keepIdleModels !== undefined ? { keepIdleModels: opts.keepIdleModels } : {}),
  });
}
