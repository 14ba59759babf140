/**
 * The fallback runner: runs a mounted tree's entry like `node <entry> <args>`, inside a Web Worker
 * that lives in a sandboxed, opaque-origin iframe (`sandbox="allow-scripts"`, never
 * allow-same-origin), so learner code can reach neither the site's storage nor its cookies. The
 * sandbox's own code is in ./worker-sandbox/ (linker, Node-like shims, output batching).
 *
 * Invariants:
 * - Stop, the time limit and the output cap remove the iframe: that ends its worker even in a busy
 *   loop, without the page's help. The next run creates a new iframe.
 * - One run at a time: starting a run ends the one before it (reported as stopped).
 * - `done` settles exactly once and never rejects; output after it is dropped.
 * - Output is passed on raw (protocol lines included): services announce themselves with `listen`
 *   lines the caller demuxes (`onServerReady` is the WebContainer's event and is not called here).
 *
 * The page can call the running program's in-memory services with `request()` (for the
 * fallback's "send a request" panel): the worker answers it with gomesh's `request()` over the
 * transport the lab host installed (the mount passes it `--net=memory`), so it reaches exactly the
 * services the program registered. Message shapes: ./worker-sandbox/messages.ts.
 */
import {
  DEFAULT_OUTPUT_LIMIT,
  RunnerUnavailableError,
  STOPPED_EXIT_CODE,
  createOutputCap,
  type LabRunner,
  type RunHandle,
  type RunOptions,
  type RunResult,
} from '../runner.ts';
import type { FrameCommand, FrameEvent, LabHttpRequest, LabHttpResponse } from './worker-sandbox/messages.ts';
import { sandboxSrcdoc } from './worker-sandbox/sandbox-source.ts';

export type { LabHttpRequest, LabHttpResponse } from './worker-sandbox/messages.ts';

/** Longest a chunk of output waits in the worker before it is sent. */
const BATCH_MS = 16;
/** Output size the worker sends at once, without waiting. */
const BATCH_BYTES = 32 * 1024;
/** Time limit of a run when RunOptions give none (the lab default). */
const DEFAULT_TIMEOUT_MS = 10_000;
/** How long the iframe may take to start before ready() gives up. */
const READY_TIMEOUT_MS = 10_000;

interface Frame {
  readonly iframe: HTMLIFrameElement;
  readonly port: MessagePort;
}

interface ActiveRun {
  readonly runId: number;
  readonly finish: (result: RunResult) => void;
  readonly onEvent: (event: FrameEvent) => void;
}

export class WorkerRunner implements LabRunner {
  readonly kind = 'worker' as const;
  #frame: Promise<Frame> | undefined;
  /** The iframe between its creation and its handshake (so Stop can remove it even then). */
  #starting: HTMLIFrameElement | undefined;
  #active: ActiveRun | undefined;
  #nextRunId = 1;
  #nextRequestId = 1;
  readonly #pendingRequests = new Map<
    number,
    { resolve: (response: LabHttpResponse) => void; reject: (error: Error) => void }
  >();

  ready(): Promise<void> {
    return this.#ensureFrame().then(() => undefined);
  }

  run(options: RunOptions): RunHandle {
    this.#active?.finish({ exitCode: STOPPED_EXIT_CODE, stopped: true, reason: 'stopped' });
    const runId = this.#nextRunId++;
    let settled = false;
    let resolveDone!: (result: RunResult) => void;
    const done = new Promise<RunResult>((resolve) => (resolveDone = resolve));

    const finish = (result: RunResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (this.#active?.runId === runId) this.#active = undefined;
      for (const [id, pending] of this.#pendingRequests) {
        pending.reject(new Error('the program ended before answering'));
        this.#pendingRequests.delete(id);
      }
      resolveDone(result);
    };
    const kill = (reason: NonNullable<RunResult['reason']>) => {
      if (settled) return;
      this.#removeFrame();
      finish({ exitCode: STOPPED_EXIT_CODE, stopped: true, reason });
    };
    const onAbort = () => kill('stopped');
    // The worker caps its output too; this cap holds even if the program posts messages itself.
    const cap = createOutputCap(DEFAULT_OUTPUT_LIMIT, options.onOutput, () => kill('output-limit'));

    const onEvent = (event: FrameEvent) => {
      if (settled || !('runId' in event) || event.runId !== runId) return;
      switch (event.type) {
        case 'output':
          for (const [stream, text] of event.chunks) cap.write(text, stream);
          break;
        case 'limit':
          cap.reach();
          break;
        case 'exit':
          finish({ exitCode: event.code, stopped: false });
          break;
        case 'http-result': {
          const pending = this.#pendingRequests.get(event.requestId);
          this.#pendingRequests.delete(event.requestId);
          if (event.response !== undefined) pending?.resolve(event.response);
          else pending?.reject(new Error(event.error ?? 'the request failed'));
          break;
        }
      }
    };

    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    // The time limit counts from when the sandbox takes the run, as the Node runner's counts from
    // the spawn: starting the iframe is the runner's cost, not the program's.
    let timer: ReturnType<typeof setTimeout> | undefined;
    this.#active = { runId, finish, onEvent };
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });

    if (!settled) {
      this.#ensureFrame().then(
        (frame) => {
          if (settled) return;
          const command: FrameCommand = {
            type: 'run',
            runId,
            files: { ...options.files },
            entry: options.entry,
            args: [...(options.args ?? [])],
            outputLimit: DEFAULT_OUTPUT_LIMIT,
            batchMs: BATCH_MS,
            batchBytes: BATCH_BYTES,
          };
          frame.port.postMessage(command);
          timer = setTimeout(() => kill('timeout'), timeoutMs);
        },
        (error: unknown) => {
          options.onOutput(`${error instanceof Error ? error.message : String(error)}\n`, 'stderr');
          finish({ exitCode: 1, stopped: false });
        },
      );
    }

    return { done, stop: () => kill('stopped') };
  }

  /**
   * Sends an HTTP request to a service of the running program over the in-memory transport.
   * Rejects when no program is running, the lab mounts no gomesh, or the program ends first.
   */
  request(request: LabHttpRequest): Promise<LabHttpResponse> {
    const active = this.#active;
    const frame = this.#frame;
    if (active === undefined || frame === undefined)
      return Promise.reject(new Error('the program is not running'));
    const requestId = this.#nextRequestId++;
    return new Promise<LabHttpResponse>((resolve, reject) => {
      this.#pendingRequests.set(requestId, { resolve, reject });
      frame.then(
        (f) => {
          const command: FrameCommand = { type: 'http', runId: active.runId, requestId, request };
          f.port.postMessage(command);
        },
        (error: unknown) => reject(error instanceof Error ? error : new Error(String(error))),
      );
    });
  }

  dispose(): void {
    this.#active?.finish({ exitCode: STOPPED_EXIT_CODE, stopped: true, reason: 'stopped' });
    this.#removeFrame();
  }

  #removeFrame(): void {
    const frame = this.#frame;
    this.#frame = undefined;
    void frame?.then(
      (f) => {
        f.port.close();
        f.iframe.remove();
      },
      () => undefined,
    );
    // The iframe may still be starting: remove it now, not when the handshake ends.
    this.#starting?.remove();
    this.#starting = undefined;
  }

  #ensureFrame(): Promise<Frame> {
    this.#frame ??= this.#createFrame();
    return this.#frame;
  }

  #createFrame(): Promise<Frame> {
    if (
      typeof document === 'undefined' ||
      typeof Worker === 'undefined' ||
      typeof MessageChannel === 'undefined'
    ) {
      return Promise.reject(
        new RunnerUnavailableError(
          'unsupported-browser',
          'This browser cannot run programs in a Web Worker.',
        ),
      );
    }
    const iframe = document.createElement('iframe');
    // allow-scripts only: the document gets an opaque origin ("null"), so the site's storage,
    // cookies and DOM are out of reach of anything running inside it.
    iframe.setAttribute('sandbox', 'allow-scripts');
    iframe.setAttribute('title', 'Lab sandbox: runs your program');
    iframe.setAttribute('aria-hidden', 'true');
    iframe.tabIndex = -1;
    iframe.style.cssText = 'position:absolute;width:0;height:0;border:0;visibility:hidden;';
    iframe.srcdoc = sandboxSrcdoc();
    this.#starting = iframe;
    const promise = new Promise<Frame>((resolve, reject) => {
      const channel = new MessageChannel();
      const timer = setTimeout(() => {
        fail(
          new RunnerUnavailableError(
            'unsupported-browser',
            'The sandbox for running programs did not start.',
          ),
        );
      }, READY_TIMEOUT_MS);
      const fail = (error: Error) => {
        clearTimeout(timer);
        iframe.remove();
        if (this.#frame === promise) this.#frame = undefined;
        reject(error);
      };
      channel.port1.onmessage = (event: MessageEvent<FrameEvent>) => {
        if (event.data.type === 'ready') {
          clearTimeout(timer);
          if (this.#starting === iframe) this.#starting = undefined;
          channel.port1.onmessage = (e: MessageEvent<FrameEvent>) => this.#active?.onEvent(e.data);
          resolve({ iframe, port: channel.port1 });
        }
      };
      iframe.addEventListener(
        'load',
        () => {
          // The opaque origin cannot be named as a target, hence '*'; the port carries the rest.
          iframe.contentWindow?.postMessage({ type: 'lab-init' }, '*', [channel.port2]);
        },
        { once: true },
      );
      document.body.append(iframe);
    });
    promise.catch(() => undefined);
    return promise;
  }
}

export function createWorkerRunner(): WorkerRunner {
  return new WorkerRunner();
}
