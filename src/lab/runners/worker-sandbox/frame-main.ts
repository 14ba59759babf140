/**
 * The script of the sandbox iframe (opaque origin: `sandbox="allow-scripts"`, never
 * allow-same-origin). It takes the MessagePort the page hands over in its first message, then for
 * each `run`: links the tree into blob URLs (kept across runs: a second run re-links only what
 * changed), starts a fresh classic Worker for the program (a module Worker cannot be started from a
 * blob URL in an opaque-origin document; a classic one can, and `import()` works inside it), and
 * relays the worker's messages to the page tagged with the run's id.
 *
 * Invariants: self-contained (shipped as source text inside srcdoc); at most one worker at a time,
 * a new run terminates the previous worker first; a link error ends the run like Node's resolution
 * error does (printed on stderr, exit status 1).
 */
import type { ImportSite } from '../../scan-imports.ts';
import type { LinkCacheEntry, LinkRequest, LinkResult } from './link-modules.ts';
import type {
  FrameCommand,
  FrameEvent,
  FrameRunCommand,
  WorkerEvent,
  WorkerStartMessage,
} from './messages.ts';

export interface FrameDeps {
  readonly scanImports: (source: string) => ImportSite[];
  readonly linkModules: (request: LinkRequest) => LinkResult;
  /** Source text of the worker script. */
  readonly workerSource: string;
}

export function frameMain(deps: FrameDeps): void {
  const cache = new Map<string, LinkCacheEntry>();
  let workerUrl: string | undefined;
  let port: MessagePort | undefined;
  let current: { runId: number; worker: Worker } | undefined;

  const send = (event: FrameEvent) => port?.postMessage(event);

  const stopCurrent = () => {
    current?.worker.terminate();
    current = undefined;
  };

  const run = (command: FrameRunCommand) => {
    stopCurrent();
    const { runId } = command;
    let linked: LinkResult;
    try {
      linked = deps.linkModules({
        files: command.files,
        entry: command.entry,
        cache,
        scan: deps.scanImports,
        createUrl: (text) => URL.createObjectURL(new Blob([text], { type: 'text/javascript' })),
        revokeUrl: (url) => URL.revokeObjectURL(url),
      });
    } catch (error) {
      const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      send({ type: 'output', runId, chunks: [['stderr', `${text}\n`]] });
      send({ type: 'exit', runId, code: 1 });
      return;
    }
    workerUrl ??= URL.createObjectURL(new Blob([deps.workerSource], { type: 'text/javascript' }));
    const worker = new Worker(workerUrl, { name: 'lab-program' });
    current = { runId, worker };
    worker.onmessage = (event: MessageEvent<WorkerEvent>) => {
      if (current?.worker !== worker) return;
      const data = event.data;
      if (data.type === 'started') send({ type: 'started', runId });
      else if (data.type === 'exit') {
        stopCurrent();
        send({ type: 'exit', runId, code: data.code });
      } else if (data.type === 'output') send({ type: 'output', runId, chunks: data.chunks });
      else if (data.type === 'limit') send({ type: 'limit', runId });
      else if ('response' in data) {
        send({ type: 'http-result', runId, requestId: data.requestId, response: data.response });
      } else {
        send({
          type: 'http-result',
          runId,
          requestId: data.requestId,
          errorCode: data.errorCode,
          error: data.error,
        });
      }
    };
    worker.onerror = (event) => {
      // Only errors of the worker script itself reach here (the program's are handled inside).
      event.preventDefault();
      if (current?.worker !== worker) return;
      stopCurrent();
      send({
        type: 'output',
        runId,
        chunks: [['stderr', `lab sandbox: ${event.message || 'the worker failed'}\n`]],
      });
      send({ type: 'exit', runId, code: 1 });
    };
    // The host loads gomesh with `import('gomesh')` when it installs the in-memory transport, so
    // the linker has resolved that name whenever the program can have services to call.
    const meshPath = linked.bare['gomesh'];
    const meshUrl = meshPath === undefined ? undefined : linked.urls[meshPath];
    const start: WorkerStartMessage = {
      type: 'start',
      entryUrl: linked.entryUrl,
      argv: ['node', `/lab/${command.entry}`, ...command.args],
      cwd: '/lab',
      urls: linked.urls,
      failures: linked.failures,
      resolved: linked.resolved,
      bare: linked.bare,
      paths: linked.paths,
      shifts: linked.shifts,
      ...(meshUrl === undefined ? {} : { meshUrl }),
      outputLimit: command.outputLimit,
      protocolLimit: command.protocolLimit,
      batchMs: command.batchMs,
      batchBytes: command.batchBytes,
    };
    worker.postMessage(start);
  };

  const onCommand = (event: MessageEvent<FrameCommand>) => {
    const command = event.data;
    if (command.type === 'run') run(command);
    else if (command.runId === current?.runId) {
      current.worker.postMessage({ type: 'http', requestId: command.requestId, request: command.request });
    } else {
      send({
        type: 'http-result',
        runId: command.runId,
        requestId: command.requestId,
        errorCode: 'not-running',
        error: 'the program is not running',
      });
    }
  };

  addEventListener('message', (event: MessageEvent<unknown>) => {
    const data = event.data as { type?: unknown } | null;
    const handedPort = event.ports[0];
    if (
      port !== undefined ||
      event.source !== parent ||
      data?.type !== 'lab-init' ||
      handedPort === undefined
    )
      return;
    port = handedPort;
    port.onmessage = onCommand;
    send({ type: 'ready' });
  });
}
