/**
 * The plain HTTP client: `request` (alias `meshFetch`) and `get`, over the current transport.
 *
 * Like Go's `http.Get`, it returns the response for any status and throws only when no response
 * arrived (nothing listening, connection broken, timeout or abort). While a request is pending it
 * holds the runtime's keep-alive, so a goroutine waiting on the answer is not taken for deadlocked.
 */
import { DeadlineExceededError } from './errors.ts';
import { outgoingMessage, type MeshResponse, type OutgoingBody } from './message.ts';
import { hold } from './keep-alive.ts';
import { getTransport } from './transport/current.ts';
import type { Transport } from './transport/transport.ts';

export interface RequestOptions extends OutgoingBody {
  method?: string;
  signal?: AbortSignal;
  /** Fails with `DeadlineExceededError` when no answer arrives in time; default: no timeout. */
  timeoutMs?: number;
  transport?: Transport;
}

export async function request(url: string, init: RequestOptions = {}): Promise<MeshResponse> {
  const { headers, body } = outgoingMessage(init);
  const method = (init.method ?? 'GET').toUpperCase();
  let signal = init.signal;
  let timer: ReturnType<typeof setTimeout> | undefined;
  if (init.timeoutMs !== undefined) {
    const ctl = new AbortController();
    const timeoutMs = init.timeoutMs;
    timer = setTimeout(() => ctl.abort(new DeadlineExceededError(url, timeoutMs)), timeoutMs);
    signal = signal ? AbortSignal.any([signal, ctl.signal]) : ctl.signal;
  }
  const release = hold(`net/http: ${method} ${url}`);
  try {
    return await (init.transport ?? getTransport()).send({ url, method, headers, body, signal });
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
