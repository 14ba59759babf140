/**
 * The mesh's configuration as data: what each service, sidecar and client was set up with, for the
 * export to Kubernetes, Istio, Linkerd and Envoy (src/lab/export/).
 *
 * Three kinds of record, each reported once when the thing is wired:
 *   - `server`: `serve`/`listenAndServe` started an instance of a named service: the port it asked
 *     for, the routes of its Router (when its handler is one), and the mesh layers composed in front
 *     of it (a server-side fault injection, say);
 *   - `sidecar`: `startSidecar` started a proxy for `service` in front of `upstream`, with its
 *     balancer and its layers in the sidecar's own order;
 *   - `client`: a `ServiceClient` built its handler for one target service (on the first call to
 *     it), with the caller's name, its balancer and the layers `layers(service)` returned.
 * A layer is described by the factory that built it (timeout, retry, ...), with every option as it
 * takes effect (defaults applied), so the export maps what runs, not what was written; a layer the
 * mesh did not build (the program's own middleware) is `{ layer: 'custom' }`.
 *
 * Invariants: records are plain JSON data (no functions, no objects shared with the mesh); while no
 * listener is attached nothing is described or recorded (`inspecting()` is the one check, and it
 * runs only at wiring time, never per request), so an uninspected mesh behaves and costs as before;
 * descriptions live in a WeakMap keyed by the layer or handler function, so they never keep one
 * alive.
 */
import type { BalancerKind } from './balancer/index.ts';

/**
 * An authorization rule as data (sidecar/authz.ts's `AuthzRule`, lists normalized).
 *
 * Go: the `from`/`to` of an Istio `AuthorizationPolicy` rule.
 */
export interface AuthzRuleSpec {
  readonly from?: readonly string[];
  readonly methods?: readonly string[];
  readonly paths?: readonly string[];
}

/**
 * One mesh layer as it takes effect: its kind (`layer`) and its options.
 *
 * Go: one `http.Handler` or `RoundTripper` wrapper in a Go service's chain; in a real mesh, an
 * Envoy filter or an Istio setting (timeout, retries, outlier detection, rate limit).
 */
export type LayerSpec =
  | { readonly layer: 'timeout'; readonly timeoutMs: number }
  | {
      readonly layer: 'retry';
      readonly maxRetries: number;
      readonly baseMs: number;
      readonly capMs: number;
      readonly perTryTimeoutMs?: number;
      readonly budget: {
        readonly retryRatio: number;
        readonly minRetriesPerSecond: number;
        readonly ttlMs: number;
      } | null;
      readonly skipTriedHosts: boolean;
    }
  | {
      readonly layer: 'outlier';
      readonly consecutive5xx: number;
      readonly baseEjectionMs: number;
      readonly maxEjectionPercent: number;
      readonly maxEjectionMs: number;
    }
  | {
      readonly layer: 'circuit-breaker';
      readonly failureThreshold: number;
      readonly cooldownMs: number;
      readonly halfOpenMaxCalls: number;
      /** The program gave its own `isFailure`. */
      readonly customFailure: boolean;
    }
  | { readonly layer: 'rate-limit'; readonly ratePerSec: number; readonly burst: number }
  | {
      readonly layer: 'fault';
      readonly delay?: { readonly percent: number; readonly ms: number };
      readonly abort?: { readonly percent: number; readonly status: number };
      readonly phase: 'request' | 'response';
    }
  | {
      readonly layer: 'authz';
      readonly deny: readonly AuthzRuleSpec[];
      /** Null: no allow list (everything not denied is allowed). */
      readonly allow: readonly AuthzRuleSpec[] | null;
    }
  | { readonly layer: 'identity'; readonly service: string }
  | { readonly layer: 'tracing' }
  | { readonly layer: 'custom' };

/**
 * One route of a `Router` as the configuration records report it: its method and its pattern.
 *
 * Go: a chi route (`r.Get("/users/{id}", h)`); in Kubernetes, a Gateway API `HTTPRoute` match.
 */
export interface RouteSpec {
  /** Upper case, or `*` for any method. */
  readonly method: string;
  readonly pattern: string;
}

/**
 * How one server was set up (`serve`, `listenAndServe`): its name, port, routes and layers. One per
 * server started, so replicas of a service give one record each.
 *
 * Go: an `http.Server` and its handler chain; in Kubernetes, a `Deployment` and its `Service`.
 */
export interface ServerRecord {
  readonly kind: 'server';
  readonly name: string;
  /** The port asked for; 0 for any free port. */
  readonly port: number;
  /** The routes of the service's Router; null when its handler is not a Router. */
  readonly routes: readonly RouteSpec[] | null;
  /** Mesh layers composed in front of the service's handler, outermost first. */
  readonly layers: readonly LayerSpec[];
  /** The instance registers with a registry. */
  readonly registry: boolean;
}

/**
 * How one sidecar was set up (`startSidecar`): the service it carries, its upstream, balancer and
 * layers as they take effect.
 *
 * Go: an Envoy sidecar's cluster and filters; in Istio, a `DestinationRule` and `VirtualService`.
 */
export interface SidecarRecord {
  readonly kind: 'sidecar';
  /** The service whose traffic the sidecar carries (its identity). */
  readonly service: string;
  /** The service it forwards to (the same as `service` for a proxy in front of its own service). */
  readonly upstream: string;
  readonly balancer: BalancerKind | 'custom';
  /** Outermost first, in the sidecar's order (sidecar.ts). */
  readonly layers: readonly LayerSpec[];
}

/**
 * How one `ServiceClient` was set up, when it first calls a service: caller, service, balancer and
 * layers.
 *
 * Go: an `http.Client` with its `RoundTripper` chain; in Istio, the client-side `DestinationRule`.
 */
export interface ClientRecord {
  readonly kind: 'client';
  /** The calling service (`caller`), or null when the program itself calls. */
  readonly caller: string | null;
  readonly service: string;
  readonly balancer: BalancerKind | 'custom';
  readonly layers: readonly LayerSpec[];
}

/**
 * What `onMeshConfig` listeners receive: a server's, a sidecar's or a client's setup (`kind`).
 *
 * Go: what `istioctl proxy-config` shows of a running mesh, as data.
 *
 * @example
 * ```ts
 * import { onMeshConfig, type MeshConfigRecord } from 'gomesh';
 * const records: MeshConfigRecord[] = [];
 * const stop = onMeshConfig((record) => records.push(record));
 * // ... start servers and clients, then:
 * stop();
 * ```
 */
export type MeshConfigRecord = ServerRecord | SidecarRecord | ClientRecord;

const listeners = new Set<(record: MeshConfigRecord) => void>();
const layerSpecs = new WeakMap<object, LayerSpec>();
const handlerInfo = new WeakMap<object, HandlerInfo>();

/** What is known of a handler: the layers composed over it and the routes of its Router. */
export interface HandlerInfo {
  readonly layers: readonly LayerSpec[];
  readonly routes: (() => readonly RouteSpec[]) | null;
}

/**
 * Calls `listener` with every configuration record from now on; returns the function that stops it.
 *
 * Go: no counterpart in Go's standard library; in a real mesh, `istioctl proxy-config` reads the same
 * facts from running proxies.
 *
 * @example
 * ```ts
 * import { onMeshConfig, serve, text } from 'gomesh';
 * const stop = onMeshConfig((record) => console.log(record.kind));
 * await serve('api', () => text(200, 'ok')); // prints: server
 * stop();
 * ```
 */
export function onMeshConfig(listener: (record: MeshConfigRecord) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Whether anyone listens (describers check this before they build anything). */
export function inspecting(): boolean {
  return listeners.size > 0;
}

/** Hands `record` to every listener. */
export function reportConfig(record: MeshConfigRecord): void {
  for (const listener of listeners) listener(record);
}

/** Marks `layer` as built by a mesh factory with `spec`; returns `layer`. */
export function describeLayer<T extends object>(layer: T, spec: () => LayerSpec): T {
  if (inspecting()) layerSpecs.set(layer, spec());
  return layer;
}

/** The spec of a layer the mesh built, or `custom`. */
export function specOf(layer: object): LayerSpec {
  return layerSpecs.get(layer) ?? { layer: 'custom' };
}

/** Marks `handler` with what is known of it; returns `handler`. */
export function describeHandler<T extends object>(handler: T, info: HandlerInfo): T {
  if (inspecting()) handlerInfo.set(handler, info);
  return handler;
}

/** What is known of `handler` (nothing: no layers, no routes). */
export function infoOf(handler: object): HandlerInfo {
  return handlerInfo.get(handler) ?? { layers: [], routes: null };
}
