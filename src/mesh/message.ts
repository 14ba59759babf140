/**
 * Transport-neutral HTTP messages: `MeshRequest`, `MeshResponse`, the `json`/`text` helpers and
 * `outgoingMessage`, which both clients use to turn call options into headers and bytes.
 *
 * Handlers see the same objects whether the bytes came over node:http or the in-memory network.
 * Invariants: header names are lower-case; bodies are fully buffered `Uint8Array`s (services in
 * the labs exchange small JSON documents, and buffering keeps every layer free of stream
 * bookkeeping); `meta` carries what one mesh layer tells another and never crosses the wire.
 *
 * Go: `http.Header` (with one value per name, lower-case names).
 */
export type HeaderMap = Record<string, string>;
/**
 * A message body: text (sent as UTF-8), bytes, or nothing.
 *
 * Go: `io.Reader` of a request or response body.
 */
export type Body = string | Uint8Array | null | undefined;

/** What layers tell each other about a request in flight. Never serialized. */
export interface RequestMeta {
  /** Instances (`host:port`) the balancer must not pick (ejected by outlier detection). */
  exclude?: ReadonlySet<string>;
  /** Instances this call already tried; skipped when others are left (Istio's previous-hosts predicate). */
  avoid?: ReadonlySet<string>;
  /** Absolute deadline on the sidecar's clock. */
  deadline?: number;
  /** 0 for the first try, 1 for the first retry, ... */
  attempt?: number;
  /** The caller's verified service identity, set by the authorization layer. */
  caller?: string;
}

/** What the upstream side tells the layers above it about a response. Never serialized. */
export interface ResponseMeta {
  /** The instance (`host:port`) that answered. */
  endpoint?: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const EMPTY = new Uint8Array(0);

function toBytes(body: Body): Uint8Array {
  if (body == null) return EMPTY;
  return typeof body === 'string' ? encoder.encode(body) : body;
}

function bytesToText(body: Uint8Array): string {
  return body.length === 0 ? '' : decoder.decode(body);
}

/** The body parsed as JSON; rejects with a SyntaxError naming `what` and quoting the start of it. */
function parseJson<T>(body: Uint8Array, what: string): Promise<T> {
  const text = bytesToText(body);
  try {
    return Promise.resolve(JSON.parse(text) as T);
  } catch (e) {
    const message = `${what} body is not JSON: ${(e as Error).message}: ${JSON.stringify(text.slice(0, 80))}`;
    return Promise.reject(new SyntaxError(message, { cause: e }));
  }
}

/**
 * Methods a client may repeat without changing the result (RFC 9110 §9.2.2).
 *
 * Go: the methods `net/http`'s `Transport` retries on a broken connection (`GET`, `HEAD`, `OPTIONS`, `TRACE`, and any with an `Idempotency-Key`).
 */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set([
  'GET',
  'HEAD',
  'OPTIONS',
  'PUT',
  'DELETE',
  'TRACE',
]);

/** The body fields of an outgoing call, as `request` and `ServiceClient` take them. */
export interface OutgoingBody {
  headers?: HeaderMap;
  body?: Body;
  /** Sent as a JSON body with `content-type: application/json` (unless the headers name one). */
  json?: unknown;
}

/** Lower-cased headers and the body bytes of an outgoing call (`json` wins over `body`). */
export function outgoingMessage(init: OutgoingBody): { headers: HeaderMap; body: Uint8Array } {
  const headers: HeaderMap = {};
  if (init.headers) for (const k in init.headers) headers[k.toLowerCase()] = init.headers[k] as string;
  if (init.json === undefined) return { headers, body: toBytes(init.body) };
  headers['content-type'] ??= 'application/json';
  return { headers, body: toBytes(JSON.stringify(init.json)) };
}

/**
 * The fields of a new `MeshRequest`; every one is optional (default: `GET /`, no headers, no body).
 *
 * Go: the arguments of `http.NewRequest` / `httptest.NewRequest`.
 */
export interface MeshRequestInit {
  method?: string;
  /** Path plus query string, e.g. `/users/1?verbose=1`. */
  url?: string;
  headers?: HeaderMap;
  body?: Body;
  signal?: AbortSignal | undefined;
  params?: Record<string, string>;
  meta?: RequestMeta;
}

/**
 * An HTTP request as a handler sees it: method, URL, lower-case headers, body, route parameters.
 * Go: `*http.Request` (`r.PathValue("id")` is `req.param('id')`).
 *
 * @example
 * ```ts
 * import { MeshRequest } from 'gomesh';
 *
 * const req = new MeshRequest({ method: 'POST', url: '/orders?dry=1', body: '{"qty":2}' });
 * console.log(req.path, req.query.get('dry'), await req.json()); // /orders 1 { qty: 2 }
 * ```
 */
export class MeshRequest {
  readonly method: string;
  /** Path plus query string as sent. */
  readonly url: string;
  readonly path: string;
  readonly headers: HeaderMap;
  readonly body: Uint8Array;
  readonly signal: AbortSignal | undefined;
  /** Path parameters captured by the router (`{id}` or `:id`). */
  params: Record<string, string>;
  meta: RequestMeta;
  #query: URLSearchParams | undefined;

  constructor(init: MeshRequestInit = {}) {
    this.method = (init.method ?? 'GET').toUpperCase();
    this.url = init.url ?? '/';
    const q = this.url.indexOf('?');
    this.path = q < 0 ? this.url : this.url.slice(0, q);
    this.headers = init.headers ?? {};
    this.body = toBytes(init.body);
    this.signal = init.signal;
    this.params = init.params ?? {};
    this.meta = init.meta ?? {};
  }

  /** Query parameters, parsed on first use. */
  get query(): URLSearchParams {
    if (this.#query === undefined) {
      const q = this.url.indexOf('?');
      this.#query = new URLSearchParams(q < 0 ? '' : this.url.slice(q + 1));
    }
    return this.#query;
  }

  /** A path parameter, or '' when the route has none of that name (like chi's `URLParam`). */
  param(name: string): string {
    return this.params[name] ?? '';
  }

  /** The header `name` (any case), or `undefined`; Go: `r.Header.Get(name)` (which gives `""`). */
  header(name: string): string | undefined {
    return this.headers[name.toLowerCase()];
  }

  /** The body as UTF-8 text; Go: `io.ReadAll(r.Body)`. */
  text(): Promise<string> {
    return Promise.resolve(bytesToText(this.body));
  }

  /**
   * The body parsed as JSON; Go: `json.NewDecoder(r.Body).Decode(&v)`.
   * @throws `SyntaxError` (`POST /orders request body is not JSON: …`) when it is not JSON.
   */
  json<T = unknown>(): Promise<T> {
    return parseJson<T>(this.body, `${this.method} ${this.path} request`);
  }

  /** A copy with some fields replaced; headers and meta are shallow-copied so layers never share them. */
  with(changes: Omit<MeshRequestInit, 'body'> = {}): MeshRequest {
    return new MeshRequest({
      method: changes.method ?? this.method,
      url: changes.url ?? this.url,
      headers: changes.headers ?? { ...this.headers },
      body: this.body,
      signal: 'signal' in changes ? changes.signal : this.signal,
      params: changes.params ?? this.params,
      meta: changes.meta ?? { ...this.meta },
    });
  }
}

/**
 * An HTTP response: status, lower-case headers, body. Go: `*http.Response` on the client side, what
 * a handler writes through `http.ResponseWriter` on the server side. Build one with `json` or `text`.
 *
 * @example
 * ```ts
 * import { MeshResponse } from 'gomesh';
 *
 * const res = new MeshResponse(201, 'created', { location: '/orders/1' });
 * console.log(res.ok, res.header('Location'), await res.text()); // true /orders/1 created
 * ```
 */
export class MeshResponse {
  readonly status: number;
  readonly headers: HeaderMap;
  readonly body: Uint8Array;
  meta: ResponseMeta;

  constructor(status: number, body: Body = null, headers: HeaderMap = {}, meta: ResponseMeta = {}) {
    this.status = status;
    this.headers = headers;
    this.body = toBytes(body);
    this.meta = meta;
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  /** The header `name` (any case), or `undefined`; Go: `resp.Header.Get(name)`. */
  header(name: string): string | undefined {
    return this.headers[name.toLowerCase()];
  }

  /** The body as UTF-8 text; Go: `io.ReadAll(resp.Body)`. */
  text(): Promise<string> {
    return Promise.resolve(bytesToText(this.body));
  }

  /**
   * The body parsed as JSON; Go: `json.NewDecoder(resp.Body).Decode(&v)`.
   * @throws `SyntaxError` (`500 response body is not JSON: …`) when it is not JSON.
   */
  json<T = unknown>(): Promise<T> {
    return parseJson<T>(this.body, `${this.status} response`);
  }
}

/**
 * Whether `res` counts as a failure of the upstream for retry, outlier ejection, the circuit
 * breaker and the balancer: any 5xx, which includes the 503 the cluster synthesizes when an
 * instance cannot be reached and the 504 it synthesizes when a deadline cuts a try off.
 */
export function isUpstreamFailure(res: MeshResponse): boolean {
  return res.status >= 500;
}

/**
 * A JSON response, like `render.JSON(w, r, v)` after `w.WriteHeader(status)` in Go (chi's render;
 * `json.NewEncoder(w).Encode(v)` in the standard library).
 *
 * @example
 * ```ts
 * import { json } from 'gomesh';
 *
 * const res = json(404, { error: 'no such user' });
 * console.log(res.status, await res.json()); // 404 { error: 'no such user' }
 * ```
 */
export function json(status: number, body: unknown, headers: HeaderMap = {}): MeshResponse {
  return new MeshResponse(status, JSON.stringify(body), { 'content-type': 'application/json', ...headers });
}

/**
 * A plain-text response. Go: `w.WriteHeader(status)` then `io.WriteString(w, body)`, or
 * `http.Error(w, body, status)`.
 *
 * @example
 * ```ts
 * import { text } from 'gomesh';
 *
 * const res = text(503, 'try later\n', { 'retry-after': '1' });
 * console.log(res.status, await res.text()); // 503 try later
 * ```
 */
export function text(status: number, body: string, headers: HeaderMap = {}): MeshResponse {
  return new MeshResponse(status, body, { 'content-type': 'text/plain; charset=utf-8', ...headers });
}
