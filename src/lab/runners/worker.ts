/**
 * The fallback runner: runs a mounted tree's entry like `node <entry> <args>`, inside a Web Worker
 * that lives in a sandboxed, opaque-origin iframe (`sandbox="allow-scripts"`, never
 * allow-same-origin), so learner code can reach neither the site's storage nor its cookies. The
 * sandbox's own code is in ./worker-sandbox/ (linker, Node-like shims, output batching).
 *
 * Invariants:
 * - The run's lifecycle is the one every runner shares (supervise.ts). Stop, the time limit and the
 *   output cap remove the iframe: that ends its worker even in a busy loop, without the page's help.
 *   The next run creates a new iframe.
 * - One run at a time: starting a run ends the one before it (reported as stopped).
 * - A run is never left waiting on the sandbox: its iframe must answer within `readyTimeoutMs`, and
 *   so must the program's worker after the run command (its `started`); otherwise the run fails as
 *   'sandbox-failed' and the next run creates a new iframe.
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
  PROTOCOL_OUTPUT_LIMIT,
  RunnerRequestError,
  RunnerUnavailableError,
  checkNonNegative,
  type LabHttpRequest,
  type LabHttpResponse,
  type LabRunner,
  type RunHandle,
  type RunOptions,
} from '../runner.ts';
import { superviseRun } from './supervise.ts';
import type { FrameCommand, FrameEvent } from './worker-sandbox/messages.ts';
import { sandboxSrcdoc } from './worker-sandbox/sandbox-source.ts';

/** Longest a chunk of output waits in the worker before it is sent. */
const BATCH_MS = 16;
/** Output size the worker sends at once, without waiting. */
const BATCH_BYTES = 32 * 1024;

export interface WorkerRunnerOptions {
  /** Output cap (stdout + stderr, in UTF-16 code units); default DEFAULT_OUTPUT_LIMIT. */
  readonly outputLimit?: number;
  /**
   * How long the sandbox iframe may take to start before ready() gives up, and the program's worker
   * to start after a run command before the run fails. Default 10 000 ms.
   */
  readonly readyTimeoutMs?: number;
}

interface Frame {
  readonly iframe: HTMLIFrameElement;
  readonly port: MessagePort;
}

interface ActiveRun {
  readonly runId: number;
  readonly stop: () => void;
  readonly onEvent: (event: FrameEvent) => void;
}

interface PendingRequest {
  readonly runId: number;
  readonly resolve: (response: LabHttpResponse) => void;
  readonly reject: (error: Error) => void;
}

export class WorkerRunner implements LabRunner {
  readonly kind = 'worker' as const;
  readonly #outputLimit: number;
  readonly #readyTimeoutMs: number;
  #frame: Promise<Frame> | undefined;
  /** The iframe between its creation and its handshake (so Stop can remove it even then). */
  #starting: HTMLIFrameElement | undefined;
  #active: ActiveRun | undefined;
  #nextRunId = 1;
  #nextRequestId = 1;
  readonly #pendingRequests = new Map<number, PendingRequest>();

  constructor(options: WorkerRunnerOptions = {}) {
    checkNonNegative(options, ['outputLimit', 'readyTimeoutMs']);
    this.#outputLimit = options.outputLimit ?? DEFAULT_OUTPUT_LIMIT;
    this.#readyTimeoutMs = options.readyTimeoutMs ?? 10_000;
  }

  ready(): Promise<void> {
    return this.#ensureFrame().then(() => undefined);
  }

  run(options: RunOptions): RunHandle {
    this.#active?.stop();
    const runId = this.#nextRunId++;
    const handle: RunHandle = superviseRun(
      options,
      { outputLimit: this.#outputLimit, failure: 'sandbox-failed' },
      async (control) => {
        // Removing the iframe ends its worker even in a busy loop, without the page's help.
        control.onStop(() => this.#removeFrame());
        control.signal.addEventListener('abort', () => {
          if (this.#active?.runId === runId) this.#active = undefined;
          this.#rejectRequests(runId, new RunnerRequestError('ended'));
        });
        // The sandbox must say `started` (or end the run) within the ready time: a program's worker
        // that never starts would otherwise leave the run, and a Check, waiting for ever.
        let noStart: ReturnType<typeof setTimeout> | undefined = undefined;
        control.signal.addEventListener('abort', () => clearTimeout(noStart));
        this.#active = {
          runId,
          stop: () => handle.stop(),
          onEvent: (event) => {
            if (!('runId' in event) || event.runId !== runId) return;
            clearTimeout(noStart);
            switch (event.type) {
              case 'started':
                control.startClock();
                break;
              case 'output':
                for (const [stream, text] of event.chunks) control.output(text, stream);
                break;
              case 'limit':
                control.capped();
                break;
              case 'exit':
                control.exited(event.code);
                break;
              case 'http-result': {
                const pending = this.#pendingRequests.get(event.requestId);
                this.#pendingRequests.delete(event.requestId);
                if (event.response !== undefined) pending?.resolve(event.response);
                else pending?.reject(new RunnerRequestError(event.errorCode, { cause: event.error }));
                break;
              }
            }
          },
        };
        const frame = await this.#ensureFrame();
        if (control.signal.aborted) return;
        const command: FrameCommand = {
          type: 'run',
          runId,
          files: { ...options.files },
          entry: options.entry,
          args: [...(options.args ?? [])],
          outputLimit: this.#outputLimit,
          protocolLimit: PROTOCOL_OUTPUT_LIMIT,
          batchMs: BATCH_MS,
          batchBytes: BATCH_BYTES,
        };
        // The time limit counts from the sandbox's `started` (the program's worker runs), as the Node
        // runner's counts from the spawn: starting the iframe and the worker is the runner's cost, not
        // the program's (on a busy machine that took most of a short limit, and the program printed nothing).
        frame.port.postMessage(command);
        noStart = setTimeout(() => {
          // The sandbox is in an unknown state: the next run starts a new one.
          this.#removeFrame();
          control.failed(new RunnerUnavailableError('sandbox-failed'));
        }, this.#readyTimeoutMs);
      },
    );
    return handle;
  }

  /**
   * Sends an HTTP request to a service of the running program over the in-memory transport.
   * Rejects with RunnerRequestError: 'not-running', 'no-services' (the lab mounts no gomesh),
   * 'ended' (the program ends first) or 'failed'.
   */
  request(request: LabHttpRequest): Promise<LabHttpResponse> {
    const active = this.#active;
    const frame = this.#frame;
    if (active === undefined || frame === undefined)
      return Promise.reject(new RunnerRequestError('not-running'));
    const requestId = this.#nextRequestId++;
    return new Promise<LabHttpResponse>((resolve, reject) => {
      this.#pendingRequests.set(requestId, { runId: active.runId, resolve, reject });
      frame.then(
        (f) => {
          const command: FrameCommand = { type: 'http', runId: active.runId, requestId, request };
          f.port.postMessage(command);
        },
        () => this.#rejectRequests(active.runId, new RunnerRequestError('ended')),
      );
    });
  }

  dispose(): void {
    this.#active?.stop();
    this.#removeFrame();
  }

  #rejectRequests(runId: number, error: RunnerRequestError): void {
    for (const [id, pending] of this.#pendingRequests) {
      if (pending.runId !== runId) continue;
      this.#pendingRequests.delete(id);
      pending.reject(error);
    }
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
      return Promise.reject(new RunnerUnavailableError('unsupported-browser'));
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
      const timer = setTimeout(
        () => fail(new RunnerUnavailableError('sandbox-failed')),
        this.#readyTimeoutMs,
      );
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

export function createWorkerRunner(options: WorkerRunnerOptions = {}): WorkerRunner {
  return new WorkerRunner(options);
}
