/**
 * The plain HTTP client: `request` and `get`, over the current transport.
 *
 * Like Go's `http.Get`, it returns the response for any status and throws only when no response
 * arrived (nothing listening, connection broken, timeout or abort). While a request is pending it
 * holds the runtime's keep-alive, so a goroutine waiting on the answer is not taken for deadlocked,
 * and the waiting goroutine parks in the scheduler (io-wait.ts);
 * `timeoutMs` runs on the program's clock (virtual or real), like every timer of the mesh.
 */
import { runtimeClock } from './clock.ts';
import { DeadlineExceededError } from './errors.ts';
import { outgoingMessage, type MeshResponse, type OutgoingBody } from './message.ts';
import { ioWait } from './io-wait.ts';
import { hold } from './keep-alive.ts';
import { getTransport } from './transport/current.ts';
import type { Transport } from './transport/transport.ts';

/**
 * The options of `request`: method, headers, body (a string, bytes, or JSON via `json`), signal,
 * timeout. Go: the arguments of `http.NewRequestWithContext` plus `http.Client.Timeout`.
 */
export interface RequestOptions extends OutgoingBody {
  method?: string;
  signal?: AbortSignal;
  /** Fails with `DeadlineExceededError` when no answer arrives in time; default: no timeout. */
  timeoutMs?: number;
  transport?: Transport;
}

/**
 * Sends one HTTP request to `url` and resolves to the response (any status: a 500 is an answer, not
 * an error). Go: `http.DefaultClient.Do(req)`; inside a goroutine it parks like Go's network wait.
 *
 * @throws `UpstreamConnectError` when nothing listens (`cannot connect to 127.0.0.1:9: ECONNREFUSED`),
 * `DeadlineExceededError` after `timeoutMs`, the signal's reason when aborted.
 *
 * @example
 * ```ts
 * import { main } from 'gort';
 * import { json, request, serve } from 'gomesh';
 *
 * main(async () => {
 *   const server = await serve('echo', async (req) => json(200, await req.json()));
 *   const res = await request(`${server.url}/`, { method: 'POST', json: { hello: 'mesh' } });
 *   console.log(await res.json()); // { hello: 'mesh' }
 *   await server.close();
 * });
 * ```
 */
export function request(url: string, init: RequestOptions = {}): Promise<MeshResponse> {
  return ioWait(roundTrip(url, init));
}

/**
 * `request` without parking the caller: for the mesh's own calls from timers and background loops
 * (heartbeats, health checks, registry watches), which run outside any goroutine.
 */
export async function roundTrip(url: string, init: RequestOptions = {}): Promise<MeshResponse> {
  const { headers, body } = outgoingMessage(init);
  const method = (init.method ?? 'GET').toUpperCase();
  let signal = init.signal;
  let cancel: (() => void) | undefined;
  if (init.timeoutMs !== undefined) {
    const ctl = new AbortController();
    const timeoutMs = init.timeoutMs;
    cancel = runtimeClock().setTimer(() => ctl.abort(new DeadlineExceededError(url, timeoutMs)), timeoutMs);
    signal = signal ? AbortSignal.any([signal, ctl.signal]) : ctl.signal;
  }
  const release = hold(`net/http: ${method} ${url}`);
  try {
    return await (init.transport ?? getTransport()).send({ url, method, headers, body, signal });
  } finally {
    cancel?.();
    release();
  }
}

/**
 * `request` with method `GET`. Go: `http.Get(url)`.
 *
 * @throws as `request` does.
 *
 * @example
 * ```ts
 * import { main } from 'gort';
 * import { get, serve, text } from 'gomesh';
 *
 * main(async () => {
 *   const server = await serve('hello', () => text(200, 'hello\n'));
 *   const res = await get(server.url);
 *   console.log(res.status, await res.text()); // 200 hello
 *   await server.close();
 * });
 * ```
 */
export function get(url: string, init: Omit<RequestOptions, 'method'> = {}): Promise<MeshResponse> {
  return request(url, { ...init, method: 'GET' });
}
