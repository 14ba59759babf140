/**
 * The in-memory network: the transport the browser worker runner installs.
 *
 * Listeners are addressed exactly like sockets (`host:port`; `localhost` means `127.0.0.1`; a
 * listener on `0.0.0.0`, `::` or `''` accepts any host), so `http://127.0.0.1:8080/users/1` works
 * unchanged in a worker. Invariants: a request is delivered on a later microtask, never
 * synchronously inside `send` (as on a real network, the caller's code after `send` runs first);
 * requests and responses are copied at the boundary so neither side can mutate the other's bytes;
 * a port is free again as soon as its listener is closed.
 */
import { UpstreamConnectError, asError } from '../errors.ts';
import { MeshRequest, MeshResponse } from '../message.ts';
import {
  endToEndHeaders,
  parseUrl,
  type Listener,
  type OutgoingRequest,
  type ServerHandler,
  type Transport,
} from './transport.ts';

/**
 * The options of `memoryTransport`.
 *
 * No Go counterpart (ephemeral ports are the OS's in Go).
 */
export interface MemoryTransportOptions {
  /** First port handed out for port 0; default 40000. */
  firstEphemeralPort?: number;
}

function normalizeHost(host: string): string {
  if (host === 'localhost') return '127.0.0.1';
  if (host === '' || host === '0.0.0.0' || host === '::') return '*';
  return host;
}

/**
 * The in-memory network: a `Transport` whose listeners live in this process (the browser worker's).
 *
 * Go: an in-process network (`net.Pipe`, `fasthttputil.InmemoryListener`).
 */
export interface MemoryTransport extends Transport {
  /** The `host:port` keys currently listening (for debugging and tests). */
  addresses(): string[];
}

/**
 * A new in-memory network: listeners addressed by `host:port` as on sockets, requests delivered on a
 * later microtask, bytes copied at the boundary. Go: `net.Pipe`-style in-process networking (as
 * `httptest` and `testing/synctest` tests use).
 *
 * @example
 * ```ts
 * import { memoryTransport } from 'gomesh';
 *
 * const net = memoryTransport();
 * console.log(net.addresses()); // []
 * ```
 */
export function memoryTransport(options: MemoryTransportOptions = {}): MemoryTransport {
  const listeners = new Map<string, ServerHandler>();
  let nextPort = options.firstEphemeralPort ?? 40000;
  const taken = (port: number) => [...listeners.keys()].some((k) => k.endsWith(`:${port}`));

  return {
    name: 'memory',
    addresses: () => [...listeners.keys()],
    listen(host: string, port: number, handler: ServerHandler): Promise<Listener> {
      const h = normalizeHost(host);
      if (port === 0) {
        while (taken(nextPort)) nextPort++;
        port = nextPort++;
      }
      const key = `${h}:${port}`;
      if (listeners.has(key) || (h === '*' && taken(port)) || listeners.has(`*:${port}`)) {
        return Promise.reject(new Error(`listen EADDRINUSE: address already in use ${host}:${port}`));
      }
      listeners.set(key, handler);
      return Promise.resolve({
        host,
        port,
        close: () => {
          if (listeners.get(key) === handler) listeners.delete(key);
          return Promise.resolve();
        },
      });
    },
    async send(req: OutgoingRequest): Promise<MeshResponse> {
      const { host, port, path } = parseUrl(req.url);
      const target = `${host}:${port}`;
      await Promise.resolve();
      if (req.signal?.aborted) throw req.signal.reason as Error;
      const handler = listeners.get(`${normalizeHost(host)}:${port}`) ?? listeners.get(`*:${port}`);
      if (!handler) throw new UpstreamConnectError(target, 'ECONNREFUSED');
      const headers = endToEndHeaders(req.headers);
      headers.host = target;
      const served = handler(
        new MeshRequest({ method: req.method, url: path, headers, body: req.body.slice() }),
      );
      const res = await (req.signal ? raceAbort(served, req.signal) : served);
      return new MeshResponse(res.status, res.body.slice(), { ...res.headers }, { endpoint: target });
    },
  };
}

function raceAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(asError(e));
      },
    );
  });
}
