/**
 * The transport contract: how a server listens and how a client sends one request.
 *
 * Two implementations exist: node:http (real sockets, keep-alive agents) and an in-memory network
 * for the browser worker. Both MUST: address listeners by `host:port`; give handlers a
 * `MeshRequest` whose `headers.host` names the listener; never let a handler's bytes be shared with
 * the caller (the memory network copies); reject `send` with `UpstreamConnectError` when nothing
 * listens or the connection breaks, and with the signal's reason when aborted.
 */
import type { HeaderMap, MeshRequest, MeshResponse } from '../message.ts';

/** A listening address of a transport; Go: `net.Listener`. */
export interface Listener {
  readonly host: string;
  readonly port: number;
  /** Stops listening; Go: `ln.Close()`. */
  close(): Promise<void>;
}

/**
 * One request as a transport sends it (absolute URL, method, headers, bytes).
 *
 * Go: the `*http.Request` a `RoundTripper` receives.
 */
export interface OutgoingRequest {
  /** Absolute URL, `http://host:port/path?query`. */
  url: string;
  method: string;
  headers: HeaderMap;
  body: Uint8Array;
  signal?: AbortSignal | undefined;
}

/**
 * A server-side handler as transports call it: it must not throw (the server wraps user code).
 *
 * Go: `http.Handler` as the server calls it (it never panics past the server).
 */
export type ServerHandler = (req: MeshRequest) => Promise<MeshResponse>;

/**
 * The network under servers and clients: how to listen and how to send one request. Go:
 * `http.RoundTripper` plus `net.Listen`.
 */
export interface Transport {
  readonly name: string;
  /** Starts listening; port 0 picks a free port. Rejects when the address is taken. */
  listen(host: string, port: number, handler: ServerHandler): Promise<Listener>;
  /**
   * Sends one request; rejects with `UpstreamConnectError` when nothing listens (`cannot connect to
   * 127.0.0.1:9: ECONNREFUSED`), with the signal's reason when aborted. Go: `RoundTrip(req)`.
   */
  send(req: OutgoingRequest): Promise<MeshResponse>;
}

/**
 * Headers that describe one connection rather than the message; proxies must not forward them.
 *
 * Go: the hop-by-hop headers `httputil.ReverseProxy` removes (RFC 9110 §7.6.1).
 */
export const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'host',
  'content-length',
]);

/** A copy of `headers` without the hop-by-hop ones: what one hop passes on to the next. */
export function endToEndHeaders(headers: HeaderMap): HeaderMap {
  const out: HeaderMap = {};
  for (const k in headers) if (!HOP_BY_HOP.has(k)) out[k] = headers[k] as string;
  return out;
}

/**
 * An absolute URL split into host, port and path (what `parseUrl` returns).
 *
 * Go: `url.URL`'s `Hostname()`, `Port()` and `RequestURI()`.
 */
export interface ParsedUrl {
  host: string;
  port: number;
  /** Path plus query. */
  path: string;
}

/**
 * Splits `http://host:port/path?q` without allocating a URL object (this runs on every call).
 *
 * Go: `url.Parse` (host, port and `RequestURI()`).
 *
 * @example
 * ```ts
 * import { parseUrl } from 'gomesh/transport';
 *
 * console.log(parseUrl('http://127.0.0.1:8080/users?id=1')); // { host: '127.0.0.1', port: 8080, path: '/users?id=1' }
 * ```
 */
export function parseUrl(url: string): ParsedUrl {
  if (!url.startsWith('http://')) {
    throw new TypeError(`Expected an http:// URL, got ${JSON.stringify(url)}`);
  }
  const slash = url.indexOf('/', 7);
  const authority = slash < 0 ? url.slice(7) : url.slice(7, slash);
  const path = slash < 0 ? '/' : url.slice(slash);
  let host = authority;
  let port = 80;
  const colon = authority.lastIndexOf(':');
  if (colon >= 0 && !authority.endsWith(']')) {
    host = authority.slice(0, colon);
    port = Number(authority.slice(colon + 1));
  }
  if (host.startsWith('[')) host = host.slice(1, -1);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new TypeError(`Bad port in URL ${JSON.stringify(url)}`);
  return { host, port, path: path.startsWith('/') ? path : '/' + path };
}

/**
 * The address clients should use for a listener bound to `host` (wildcards become loopback).
 *
 * Go: what a client dials for a server listening on `:8080` (`localhost`).
 *
 * @example
 * ```ts
 * import { dialHost } from 'gomesh/transport';
 *
 * console.log(dialHost('0.0.0.0')); // 127.0.0.1
 * ```
 */
export function dialHost(host: string): string {
  return host === '' || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
}
