/**
 * The node:http transport (Node and WebContainer).
 *
 * node:http is loaded with a dynamic `import()` on first use, never statically, so the module
 * graph of `gomesh` stays loadable in a Web Worker. Upstream calls share one keep-alive agent per
 * transport (reusing connections is what makes a proxy cheap: a new TCP connection per call costs
 * more CPU than everything else the sidecar does). On gort's virtual clock an exchange holds the
 * clock exactly while its bytes are on the wire (wire.ts has the rule); on the real clock none of
 * that runs. Invariants: response bodies are buffered completely before a handler or caller sees
 * them; connection-level failures surface as `UpstreamConnectError` naming the target; hop-by-hop
 * headers are never forwarded.
 */
import type * as Http from 'node:http';
import { activeRuntime } from 'gort';
import { UpstreamConnectError } from '../errors.ts';
import { IDEMPOTENT_METHODS, MeshRequest, MeshResponse, type HeaderMap } from '../message.ts';
import {
  HOP_BY_HOP,
  parseUrl,
  type Listener,
  type OutgoingRequest,
  type ServerHandler,
  type Transport,
} from './transport.ts';
import { Exchange, exchangeOf } from './wire.ts';

type HttpModule = typeof Http;

const EMPTY = new Uint8Array(0);
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'ETIMEDOUT',
  'ECONNABORTED',
]);

function flatten(raw: Http.IncomingHttpHeaders): HeaderMap {
  // Node already lower-cases names; only a few headers (set-cookie) arrive as arrays.
  const out = raw as HeaderMap;
  for (const k in raw) {
    const v = raw[k];
    if (typeof v !== 'string') out[k] = Array.isArray(v) ? v.join(', ') : '';
  }
  return out;
}

/** Methods node:http sends a body with by default (it says `Content-Length: 0` when there is none). */
const BODY_BY_DEFAULT = (method: string) =>
  method !== 'GET' &&
  method !== 'HEAD' &&
  method !== 'DELETE' &&
  method !== 'OPTIONS' &&
  method !== 'TRACE' &&
  method !== 'CONNECT';

/**
 * The end-to-end headers of `headers` as node:http's flat `[name, value, ...]` list, then
 * `content-length` when there is a body. A list rather than an object: node:http stores it as it
 * is and validates each header once, where an object goes through `setHeader` (a validation, a
 * lower-casing and a copy per header) and is validated again when written.
 */
function rawHeaders(headers: HeaderMap, length: number): string[] {
  const out: string[] = [];
  for (const k in headers) if (!HOP_BY_HOP.has(k)) out.push(k, headers[k] as string);
  if (length > 0) out.push('content-length', String(length));
  return out;
}

/**
 * What an outgoing request's header list ends with: the `Host` node:http would have added after
 * the caller's headers (an IPv6 literal in brackets, the port unless it is 80), and, for a method
 * that sends a body by default, `Content-Length: 0` when the body is empty (what node:http says
 * when it writes the headers at `end()`; a list is written at once, so it must be said here).
 */
function requestHeaders(req: OutgoingRequest, host: string, port: number): string[] {
  const out = rawHeaders(req.headers, req.body.length);
  if (req.body.length === 0 && BODY_BY_DEFAULT(req.method)) out.push('content-length', '0');
  const name = host.includes(':') ? `[${host}]` : host;
  out.push('Host', port === 80 ? name : `${name}:${port}`);
  return out;
}

function readBody(
  msg: Http.IncomingMessage,
  done: (body: Uint8Array) => void,
  fail: (e: Error) => void,
): void {
  let first: Buffer | undefined;
  let chunks: Buffer[] | undefined;
  msg.on('data', (c: Buffer) => {
    if (first === undefined) first = c;
    else (chunks ??= [first]).push(c);
  });
  msg.on('end', () => done(chunks ? Buffer.concat(chunks) : (first ?? EMPTY)));
  msg.on('error', fail);
}

/**
 * Hands one request to the server's handler and writes its answer. A function of its own rather
 * than a closure made per request: the server's hot path allocates only what each request needs.
 */
function answer(
  handler: ServerHandler,
  req: Http.IncomingMessage,
  res: Http.ServerResponse,
  body: Uint8Array,
): void {
  const meshReq = new MeshRequest({
    method: req.method ?? 'GET',
    url: req.url ?? '/',
    headers: flatten(req.headers),
    body,
  });
  const wire = exchangeOf(req.socket);
  const answered = handler(meshReq);
  wire?.arrived();
  void answered.then(
    (r) => {
      wire?.answering();
      const headers = rawHeaders(r.headers, 0);
      headers.push('content-length', String(r.body.length));
      res.writeHead(r.status, headers);
      res.end(r.body);
    },
    () => {
      wire?.answering();
      res.writeHead(500);
      res.end();
    },
  );
}

/**
 * The options of `nodeHttpTransport`.
 *
 * Go: `http.Transport.MaxConnsPerHost`.
 */
export interface NodeHttpTransportOptions {
  /** Most sockets kept per upstream host; default 256. */
  maxSockets?: number;
}

/**
 * A transport on Node's `node:http` (real sockets, keep-alive agent), loaded on first use. Go:
 * `net/http`'s `http.Transport` and `http.Server`.
 *
 * @example
 * ```ts
 * import { nodeHttpTransport, setTransport } from 'gomesh';
 *
 * setTransport(nodeHttpTransport({ maxSockets: 64 }));
 * ```
 */
export function nodeHttpTransport(options: NodeHttpTransportOptions = {}): Transport {
  let http: HttpModule | undefined;
  let agent: Http.Agent | undefined;
  const load = async (): Promise<HttpModule> => {
    if (http === undefined) {
      // `import('node:http')` rather than a static import: see the header.
      const mod = (await import('node:http')) as HttpModule & { default?: HttpModule };
      http = mod.default ?? mod;
      agent = new http.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 256, scheduling: 'lifo' });
    }
    return http;
  };

  const send = (
    http: HttpModule,
    req: OutgoingRequest,
    wire: Exchange | undefined,
    retryStale = true,
  ): Promise<MeshResponse> =>
    new Promise((resolve, reject) => {
      const { host, port, path } = parseUrl(req.url);
      const target = `${host}:${port}`;
      const outgoing = http.request(
        {
          host,
          port,
          path,
          method: req.method,
          headers: requestHeaders(req, host, port),
          agent,
        },
        (res) => {
          readBody(
            res,
            (body) => {
              signal?.removeEventListener('abort', onAbort);
              resolve(
                new MeshResponse(res.statusCode ?? 502, body, flatten(res.headers), { endpoint: target }),
              );
            },
            (e) => reject(new UpstreamConnectError(target, e.message)),
          );
        },
      );
      if (wire !== undefined) {
        outgoing.once('socket', (socket) => {
          if (socket.connecting) socket.once('connect', () => wire.connected(socket));
          else wire.connected(socket);
        });
      }
      // One abort listener of our own instead of http.request's `signal` option, which wires a
      // stream-finished watcher with half a dozen listeners into every request (measurable here).
      const signal = req.signal;
      const onAbort = () => outgoing.destroy(signal?.reason as Error);
      if (signal) {
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
      }
      outgoing.on('error', (e: NodeJS.ErrnoException) => {
        signal?.removeEventListener('abort', onAbort);
        if (req.signal?.aborted) reject(req.signal.reason as Error);
        else if (
          retryStale &&
          outgoing.reusedSocket &&
          e.code === 'ECONNRESET' &&
          IDEMPOTENT_METHODS.has(req.method)
        ) {
          // A pooled keep-alive socket the server had already closed: the request never reached
          // it, so one retry on a fresh connection is safe (what Node's docs and undici advise).
          send(http, req, wire, false).then(resolve, reject);
        } else if (e.code !== undefined && CONNECT_CODES.has(e.code))
          reject(new UpstreamConnectError(target, e.code));
        else reject(new UpstreamConnectError(target, e.message));
      });
      if (req.body.length > 0) outgoing.end(req.body);
      else outgoing.end();
    });

  return {
    name: 'node:http',
    async listen(host: string, port: number, handler: ServerHandler): Promise<Listener> {
      const http = await load();
      const server = http.createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
        // Most calls (GET) carry no body: answer without waiting a turn for 'end' (Node discards
        // an unread empty body itself when the response ends).
        const h = req.headers;
        if (
          h['transfer-encoding'] === undefined &&
          (h['content-length'] === undefined || h['content-length'] === '0')
        ) {
          answer(handler, req, res, EMPTY);
        } else
          readBody(
            req,
            (body) => answer(handler, req, res, body),
            () => res.destroy(),
          );
      });
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        const onListening = () => {
          server.off('error', reject);
          resolve();
        };
        if (host === '') server.listen(port, onListening);
        else server.listen(port, host, onListening);
      });
      const addr = server.address();
      const boundPort = typeof addr === 'object' && addr !== null ? addr.port : port;
      return {
        host,
        port: boundPort,
        close: () =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      };
    },
    send(req: OutgoingRequest): Promise<MeshResponse> {
      if (!activeRuntime().virtual)
        return http ? send(http, req, undefined) : load().then((h) => send(h, req, undefined));
      // On the virtual clock the exchange holds the clock while its bytes are on the wire (wire.ts).
      const wire = new Exchange(`net/http: ${req.method} ${req.url}`);
      const sent = http ? send(http, req, wire) : load().then((h) => send(h, req, wire));
      return sent.then(
        (res) => (wire.end(), res),
        (e: unknown) => {
          wire.end();
          throw e;
        },
      );
    },
  };
}
