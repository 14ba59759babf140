/**
 * The plain HTTP client: `request` (alias `meshFetch`) and `get`, over the current transport.
 *
 * Like Go's `http.Get`, it returns the response for any status and throws only when no response
 * arrived (nothing listening, connection broken, timeout or abort). While a request is pending it
 * holds the runtime's keep-alive, so a goroutine waiting on the answer is not taken for deadlocked.
 */
import { DeadlineExceededError } from './errors.ts';
import { toBytes, type Body, type HeaderMap, type MeshResponse } from './message.ts';
import { hold } from './keep-alive.ts';
import { getTransport } from './transport/current.ts';
import type { Transport } from './transport/transport.ts';

export interface RequestOptions {
  method?: string;
  headers?: HeaderMap;
  body?: Body;
  /** Sent as a JSON body with `content-type: application/json`. */
  json?: unknown;
  signal?: AbortSignal;
  /** Fails with `DeadlineExceededError` when no answer arrives in time; default: no timeout. */
  timeoutMs?: number;
  transport?: Transport;
}

export async function request(url: string, init: RequestOptions = {}): Promise<MeshResponse> {
  const headers: HeaderMap = {};
  if (init.headers) for (const k in init.headers) headers[k.toLowerCase()] = init.headers[k] as string;
  let body = toBytes(init.body);
  if (init.json !== undefined) {
    body = toBytes(JSON.stringify(init.json));
    headers['content-type'] ??= 'application/json';
  }
  let signal = init.signal;
  let timer: ReturnType<typeof setTimeout> | undefined;
  if (init.timeoutMs !== undefined) {
    const ctl = new AbortController();
    const timeoutMs = init.timeoutMs;
    timer = setTimeout(() => ctl.abort(new DeadlineExceededError(url, timeoutMs)), timeoutMs);
    signal = signal ? AbortSignal.any([signal, ctl.signal]) : ctl.signal;
  }
  const release = hold(`net/http: ${(init.method ?? 'GET').toUpperCase()} ${url}`);
  try {
    return await (init.transport ?? getTransport()).send({
      url,
      method: (init.method ?? 'GET').toUpperCase(),
      headers,
      body,
      signal,
    });
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    release();
  }
}

/** `fetch`-shaped alias of `request`. */
export const meshFetch = request;

export function get(url: string, init: Omit<RequestOptions, 'method'> = {}): Promise<MeshResponse> {
  return request(url, { ...init, method: 'GET' });
}
