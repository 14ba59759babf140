/**
 * The messages between the page (worker.ts), the sandbox iframe (frame-main.ts) and the Web Worker
 * inside it (worker-main.ts). Types only: every hop is a structured-clone postMessage.
 *
 *   page --MessagePort--> iframe --Worker.postMessage--> worker
 *
 * Invariants: every message about a run carries its `runId`, so late messages of a stopped or
 * superseded run are dropped; a run sends any number of `output` messages, at most one `limit`,
 * then exactly one `exit` (unless the iframe is removed first, which is how Stop works).
 */

import type { LabHttpRequest, LabHttpResponse, RunnerRequestCode } from '../../runner.ts';
import type { LinkFailure } from './link-modules.ts';

/** Why an `http` message got no response: a RunnerRequestCode other than those the page decides itself. */
export type HttpErrorCode = Extract<RunnerRequestCode, 'not-running' | 'no-services' | 'failed'>;

export type OutputChunk = readonly [stream: 'stdout' | 'stderr', text: string];

// page -> iframe (over the MessagePort handed over in `lab-init`)
export interface FrameRunCommand {
  readonly type: 'run';
  readonly runId: number;
  readonly files: Readonly<Record<string, string | Uint8Array>>;
  readonly entry: string;
  readonly args: readonly string[];
  readonly outputLimit: number;
  /** The cap on the host's protocol lines (runner.ts PROTOCOL_OUTPUT_LIMIT). */
  readonly protocolLimit: number;
  readonly batchMs: number;
  readonly batchBytes: number;
}
export interface FrameHttpCommand {
  readonly type: 'http';
  readonly runId: number;
  readonly requestId: number;
  readonly request: LabHttpRequest;
}
export type FrameCommand = FrameRunCommand | FrameHttpCommand;

// iframe -> page
export type FrameEvent =
  | { readonly type: 'ready' }
  /** The program's worker runs: its time limit counts from here (creating the worker is the runner's). */
  | { readonly type: 'started'; readonly runId: number }
  | { readonly type: 'output'; readonly runId: number; readonly chunks: readonly OutputChunk[] }
  | { readonly type: 'limit'; readonly runId: number }
  | { readonly type: 'exit'; readonly runId: number; readonly code: number }
  | {
      readonly type: 'http-result';
      readonly runId: number;
      readonly requestId: number;
      readonly response: LabHttpResponse;
      readonly errorCode?: never;
      readonly error?: never;
    }
  | {
      readonly type: 'http-result';
      readonly runId: number;
      readonly requestId: number;
      readonly response?: never;
      readonly errorCode: HttpErrorCode;
      /** The failure's own words (a network error's message), for developers. */
      readonly error: string;
    };

// iframe -> worker
export interface WorkerStartMessage {
  readonly type: 'start';
  readonly entryUrl: string;
  readonly argv: readonly string[];
  readonly cwd: string;
  /** Tree path -> URL for dynamic import(); path -> error text for modules that failed to link. */
  readonly urls: Readonly<Record<string, string>>;
  readonly failures: Readonly<Record<string, LinkFailure>>;
  /** `${importer}\n${specifier}` -> tree path, and bare specifier -> tree path (see link-modules.ts). */
  readonly resolved: Readonly<Record<string, string>>;
  readonly bare: Readonly<Record<string, string>>;
  /** URL -> tree path, to print file names in stack traces. */
  readonly paths: Readonly<Record<string, string>>;
  /** URL -> how linking moved its columns (link-modules.ts `LinkResult.shifts`). */
  readonly shifts: Readonly<Record<string, readonly number[]>>;
  /** The URL of the tree's `gomesh` package, when mounted (used to answer `http` messages). */
  readonly meshUrl?: string;
  readonly outputLimit: number;
  readonly protocolLimit: number;
  readonly batchMs: number;
  readonly batchBytes: number;
}
export interface WorkerHttpMessage {
  readonly type: 'http';
  readonly requestId: number;
  readonly request: LabHttpRequest;
}

// worker -> iframe
export type WorkerEvent =
  | { readonly type: 'started' }
  | { readonly type: 'output'; readonly chunks: readonly OutputChunk[] }
  | { readonly type: 'limit' }
  | { readonly type: 'exit'; readonly code: number }
  | {
      readonly type: 'http-result';
      readonly requestId: number;
      readonly response: LabHttpResponse;
    }
  | {
      readonly type: 'http-result';
      readonly requestId: number;
      readonly errorCode: HttpErrorCode;
      readonly error: string;
    };
