/**
 * Starting named service instances: `serve`, `listenAndServe`, `listeners` and `onListen`.
 *
 * `serve` listens on the current transport and resolves with a handle once the port is bound;
 * `listenAndServe` blocks like Go's `http.ListenAndServe` (its promise settles when the server is
 * closed, or rejects when it cannot listen). Invariants: on the virtual clock each request's
 * handler runs in a goroutine of its own, as in Go's net/http (handler-goroutine.ts); a handler
 * that throws never takes the server down (mesh errors answer with their status, anything else
 * with 500 and a log line, as Go's net/http recovers panics per request); while a server listens
 * it holds the runtime's keep-alive and appears in `listeners()`; an instance given a registry is
 * registered after it listens and deregistered before it closes.
 */
import { runtimeClock, type Clock } from './clock.ts';
import type { Handler } from './compose.ts';
import { ListenError, MeshError } from './errors.ts';
import { errorResponse } from './error-response.ts';
import { text, type MeshRequest, type MeshResponse } from './message.ts';
import { inGoroutine } from './handler-goroutine.ts';
import { acceptWait } from './io-wait.ts';
import { hold, holdListener } from './keep-alive.ts';
import { toHandler, type Router } from './router.ts';
import { getTransport } from './transport/current.ts';
import { dialHost, type Transport } from './transport/transport.ts';
import { RegistryClient, type Registration } from './registry/registry-client.ts';
import { FROM_HEADER, reportTraffic, trafficListening } from './traffic.ts';
import { infoOf, inspecting, reportConfig } from './inspect.ts';

/**
 * Where and how `serve` listens, and whether it registers with a registry.
 *
 * Go: the fields of `http.Server` (`Addr`) plus a Consul registration.
 */
export interface ServeOptions {
  /** Port to bind; default 0 (any free port). */
  port?: number;
  /** Address to bind; default `127.0.0.1`. Use `''` or `0.0.0.0` for every interface. */
  host?: string;
  /** Registry to register with: a base URL (reached over `transport`) or a client. */
  registry?: string | RegistryClient;
  /** Metadata stored with the registration (version, zone, ...). */
  meta?: Record<string, string>;
  /** Registration TTL; default the registry client's. */
  ttlMs?: number;
  transport?: Transport;
}

/**
 * A running server: its address, registry id, and `close`. Go: `*http.Server` after `ListenAndServe`
 * started (`srv.Shutdown` is `close`).
 */
export interface ServerHandle {
  readonly name: string;
  /** Base URL clients dial, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** The registry instance id, when registered. */
  readonly instanceId: string | undefined;
  /** Resolves once the server is closed. */
  readonly closed: Promise<void>;
  /** Stops listening (and deregisters); resolves when closed. Go: `srv.Shutdown(ctx)`. */
  close(): Promise<void>;
}

/**
 * One service listening in this process, as `listeners()` and `onListen` report it.
 *
 * No Go counterpart (see `listeners`).
 */
export interface ListenerInfo {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  /** Closes that listener (the lab's Stop). */
  close(): Promise<void>;
}

const active = new Set<ListenerInfo>();
const watchers = new Set<(l: ListenerInfo) => void>();

/**
 * The instances listening in this process (what the lab check calls).
 *
 * No Go counterpart (a process-wide list of `http.Server`s, for the lab).
 *
 * @example
 * ```ts
 * import { listeners } from 'gomesh';
 *
 * for (const l of listeners()) console.log(l.name, l.url);
 * ```
 */
export function listeners(): ListenerInfo[] {
  return [...active];
}

/**
 * Calls `cb` for every instance that starts listening from now on; returns an unsubscribe function.
 *
 * No Go counterpart (a hook the lab uses to show a service as it starts).
 *
 * @example
 * ```ts
 * import { onListen } from 'gomesh';
 *
 * const stop = onListen((l) => console.log(l.name, 'listening on', l.url));
 * stop();
 * ```
 */
export function onListen(cb: (l: ListenerInfo) => void): () => void {
  watchers.add(cb);
  return () => watchers.delete(cb);
}

/**
 * Closes every listening instance (test teardown, runner stop).
 *
 * Go: calling `srv.Shutdown(ctx)` on every server.
 *
 * @example
 * ```ts
 * import { closeAll } from 'gomesh';
 *
 * await closeAll();
 * ```
 */
export async function closeAll(): Promise<void> {
  await Promise.all([...active].map((l) => l.close()));
}

/** Where a server reports the requests it handles (traffic.ts); null for the mesh's control plane. */
interface TrafficSource {
  readonly service: string;
  /** `host:port`, known once the server listens. */
  instance: string;
}

function recovering(
  name: string,
  handler: Handler,
  clock: Clock,
  source: TrafficSource | null,
): (req: MeshRequest) => Promise<MeshResponse> {
  return async (req) => {
    const start = clock.now();
    // Read before the handler runs: a sidecar's cluster marks the request it forwards (this one).
    const marked = req.headers[FROM_HEADER] !== undefined;
    let res: MeshResponse;
    let code: string | undefined;
    try {
      res = await handler(req);
    } catch (e) {
      if (e instanceof MeshError) {
        res = errorResponse(e);
        code = e.code;
      } else {
        console.error(
          `http: panic serving ${name} ${req.method} ${req.path}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
        );
        res = text(500, 'internal server error\n');
      }
    }
    const end = clock.now();
    // Lets a caller split latency into network and processing time (latency = send + process +
    // receive), measured on the program's clock like everything else the mesh times.
    res.headers['server-timing'] ??= `app;dur=${(end - start).toFixed(3)}`;
    // A request a mesh cluster sent carries its mark: the cluster reported it already.
    if (source !== null && !marked && trafficListening()) {
      reportTraffic({
        kind: 'request',
        from: null,
        to: source.service,
        instance: source.instance,
        start,
        durationMs: end - start,
        status: res.status,
        ...(code === undefined ? {} : { code }),
        attempt: 0,
      });
    }
    return res;
  };
}

/**
 * Starts a named service. On the virtual clock each request's handler runs in a goroutine of its own
 * (handler-goroutine.ts).
 *
 * Go: `http.Server{Addr, Handler}.ListenAndServe()` in a goroutine, returning once it listens.
 *
 * @throws `ListenError` when the port is taken (`"hello" cannot listen on 127.0.0.1:8080: …`).
 *
 * @example
 * ```ts
 * import { main } from 'gort';
 * import { get, serve, text } from 'gomesh';
 *
 * main(async () => {
 *   const server = await serve('hello', () => text(200, 'hi\n'), { port: 8080 });
 *   console.log((await get(server.url)).status); // 200
 *   await server.close();
 * });
 * ```
 */
export function serve(
  name: string,
  handler: Handler | Router,
  options: ServeOptions = {},
): Promise<ServerHandle> {
  if (inspecting()) {
    // Read at wiring time, before the first request (inspect.ts): what the export needs to know.
    const info = infoOf(toHandler(handler));
    reportConfig({
      kind: 'server',
      name,
      port: options.port ?? 0,
      routes: info.routes?.() ?? null,
      layers: info.layers,
      registry: options.registry !== undefined,
    });
  }
  return listenAs(name, handler, options, true, true);
}

/**
 * Starts one of the mesh's own servers (a sidecar, the registry): their handlers answer inline, as
 * they never call the runtime in a way that blocks a goroutine, and a goroutine per proxied request
 * would be work thrown away. `traffic: false` (the registry, the mesh's control plane) keeps its
 * requests out of the traffic records.
 */
export function serveInline(
  name: string,
  handler: Handler | Router,
  options: ServeOptions = {},
  traffic = true,
): Promise<ServerHandle> {
  return listenAs(name, handler, options, false, traffic);
}

async function listenAs(
  name: string,
  handler: Handler | Router,
  options: ServeOptions,
  goroutines: boolean,
  traffic: boolean,
): Promise<ServerHandle> {
  const h = toHandler(handler);
  const host = options.host ?? '127.0.0.1';
  const transport = options.transport ?? getTransport();
  const address = `${host}:${options.port ?? 0}`;
  const source: TrafficSource | null = traffic ? { service: name, instance: '' } : null;
  const answer = recovering(name, h, runtimeClock(), source);
  let listener;
  // Not only serving while the socket opens: the program's setup is still going on.
  const starting = hold(`net/http: ${name} starting on ${address}`);
  try {
    listener = await transport.listen(host, options.port ?? 0, goroutines ? inGoroutine(answer) : answer);
  } catch (e) {
    throw new ListenError(name, address, e instanceof Error ? e.message : String(e));
  } finally {
    starting();
  }
  const url = `http://${dialHost(host)}:${listener.port}`;
  if (source !== null) source.instance = `${dialHost(host)}:${listener.port}`;
  const release = holdListener(`net/http: ${name} listening on ${url}`);
  let registration: Registration | undefined;
  if (options.registry !== undefined) {
    const client = RegistryClient.from(options.registry, options);
    try {
      registration = await client.register({
        name,
        address: dialHost(host),
        port: listener.port,
        ...(options.meta ? { meta: options.meta } : {}),
        ...(options.ttlMs !== undefined ? { ttlMs: options.ttlMs } : {}),
      });
    } catch (e) {
      await listener.close();
      release();
      throw e;
    }
  }
  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      active.delete(info);
      try {
        await registration?.deregister();
      } finally {
        await listener.close();
        release();
        resolveClosed();
      }
    })());
  const info: ListenerInfo = { name, url, port: listener.port, close };
  active.add(info);
  for (const cb of watchers) cb(info);
  return { name, url, host, port: listener.port, instanceId: registration?.id, closed, close };
}

/**
 * Parses Go-style addresses: `:8080`, `127.0.0.1:8080`, `localhost:0`.
 *
 * Go: the `addr` of `http.ListenAndServe` (`net.SplitHostPort`).
 *
 * @throws `ListenError` for anything else (`"server" cannot listen on 8080: expected an address like ":8080" or "127.0.0.1:8080"`).
 *
 * @example
 * ```ts
 * import { parseAddr } from 'gomesh';
 *
 * console.log(parseAddr(':8080')); // { host: '', port: 8080 }
 * ```
 */
export function parseAddr(addr: string): { host: string; port: number } {
  const colon = addr.lastIndexOf(':');
  const port = Number(colon < 0 ? addr : addr.slice(colon + 1));
  if (colon < 0 || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ListenError('server', addr, 'expected an address like ":8080" or "127.0.0.1:8080"');
  }
  const host = addr.slice(0, colon).replace(/^\[|\]$/g, '');
  return { host, port };
}

/**
 * The options of `listenAndServe`: `serve`'s, without the address (it is the first argument).
 *
 * Go: the fields of `http.Server` other than `Addr`.
 */
export interface ListenAndServeOptions extends Omit<ServeOptions, 'port' | 'host'> {
  /** Service name shown in `listeners()`; default the address. */
  name?: string;
}

/**
 * Go's `http.ListenAndServe(addr, handler)`: settles only when the server is closed.
 *
 * @throws `ListenError` when the address is taken.
 *
 * @example
 * ```ts
 * import { go, main } from 'gort';
 * import { get, listenAndServe, text } from 'gomesh';
 *
 * main(async () => {
 *   go(() => listenAndServe(':8080', () => text(200, 'hello\n')));
 *   const res = await get('http://127.0.0.1:8080/');
 *   console.log(await res.text()); // hello
 * });
 * ```
 */
export async function listenAndServe(
  addr: string,
  handler: Handler | Router,
  options: ListenAndServeOptions = {},
): Promise<void> {
  const { host, port } = parseAddr(addr);
  const { name, ...rest } = options;
  const server = await serve(name ?? addr, handler, { ...rest, host, port });
  // Parked like Go's Accept loop, not "in a syscall": the virtual clock keeps running for the rest,
  // and a program that only serves is seen to (gort's serving(), where an export's run ends).
  await acceptWait(server.closed);
}
