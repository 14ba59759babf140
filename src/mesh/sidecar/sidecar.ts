/**
 * The sidecar proxy: a named server whose handler is the mesh's layers folded over a cluster.
 *
 * Layer order, outermost first, and why:
 *   metrics      sees every request, including those refused by the layers below
 *   tracing      the span covers everything the sidecar does
 *   authz        refuse unauthenticated/unauthorized callers before spending anything on them
 *   rate limit   shed load before doing work for it
 *   fault        injected faults look to the caller like the upstream's own (Istio: client side)
 *   timeout      one deadline for the whole call, retries included (Envoy's route timeout)
 *   breaker      fail fast when the dependency as a whole is failing
 *   retry        each attempt goes through ejection and the balancer again
 *   ejection     per-instance health, updated by every attempt
 *   signer       identity of `service` on the outgoing request
 *   cluster      discovery + balancer + transport
 * Every layer is optional except metrics; the sidecar answers `GET /metrics` itself in Prometheus
 * text format. Invariant: a layer that is not configured is not in the chain at all, so it costs
 * nothing.
 */
import { runtimeClock, type Clock } from '../clock.ts';
import { compose, type Handler, type Layer } from '../compose.ts';
import { BadOptionError } from '../errors.ts';
import { text } from '../message.ts';
import { runtimeRandom, type Random } from '../random.ts';
import { serveInline } from '../server.ts';
import type { Transport } from '../transport/transport.ts';
import { createBalancer, type BalancerKind } from '../balancer/index.ts';
import type { Balancer } from '../balancer/balancer.ts';
import { MeshMetrics } from '../metrics/mesh-metrics.ts';
import { TraceCollector } from '../tracing/collector.ts';
import { tracing } from '../tracing/tracing-layer.ts';
import { authz, type AuthzPolicy } from './authz.ts';
import { CircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker.ts';
import { cluster, type Discovery } from './cluster.ts';
import { faultInjection, type FaultOptions } from './fault-injection.ts';
import type { Mesh } from './identity.ts';
import { OutlierDetector, type OutlierOptions } from './outlier-ejection.ts';
import { rateLimit } from './rate-limit.ts';
import { retry, type RetryOptions } from './retry.ts';
import { timeout } from './timeout.ts';

type Own<T> = Omit<T, 'service' | 'clock' | 'random' | 'events'>;

/**
 * What a sidecar does: its service, the upstream it proxies to, and each optional layer (identity,
 * authorization, rate limit, faults, timeout, circuit breaker, retry, outlier ejection, tracing).
 *
 * Go: an Envoy listener + cluster configuration (route timeout, retry policy, outlier detection, circuit breakers, local rate limit, fault filter, RBAC).
 */
export interface SidecarOptions {
  /** The service whose traffic this sidecar carries: its identity and metrics label. */
  service: string;
  /** Where requests go. */
  upstream: { service?: string; endpoints: Discovery; balancer?: Balancer | BalancerKind };
  port?: number;
  host?: string;
  transport?: Transport;
  clock?: Clock;
  random?: Random;
  /** The mesh whose key signs and verifies identities; needed by `policy` and `signIdentity`. */
  mesh?: Mesh;
  /** Authorization of callers (verifies `x-mesh-identity`); needs `mesh`. */
  policy?: AuthzPolicy;
  /** Sign outgoing requests as `service`; needs `mesh`. Leave off on an inbound sidecar. */
  signIdentity?: boolean;
  rateLimit?: { ratePerSec: number; burst?: number };
  fault?: Own<FaultOptions>;
  timeoutMs?: number;
  circuitBreaker?: Own<CircuitBreakerOptions> | true;
  retry?: Own<RetryOptions> | true;
  outlier?: Own<OutlierOptions> | true;
  /** Record spans into this collector (or a new one with `true`). */
  tracing?: TraceCollector | true;
  /** Path the sidecar answers with its metrics; default `/metrics`. */
  metricsPath?: string;
}

/**
 * A running (or built) sidecar: its address, metrics, collector, breaker, detector and handler.
 *
 * Go: an Envoy or linkerd2-proxy instance (its admin `/stats` is `metrics`).
 */
export interface Sidecar {
  readonly service: string;
  readonly url: string;
  readonly port: number;
  readonly metrics: MeshMetrics;
  readonly collector: TraceCollector | undefined;
  readonly breaker: CircuitBreaker | undefined;
  readonly detector: OutlierDetector | undefined;
  /** The composed handler (without the metrics endpoint), for in-process use. */
  readonly handler: Handler;
  /** Stops the sidecar's listener. */
  close(): Promise<void>;
}

/** The sidecar's listener name, which is also its caller name in the traffic records. */
const sidecarName = (service: string) => `${service}-sidecar`;

/**
 * Builds the sidecar's handler without listening (tests and in-process use).
 *
 * Go: an `httputil.ReverseProxy` wrapped in middleware, not yet listening.
 *
 * @example
 * ```ts
 * import { MeshRequest } from 'gomesh';
 * import { buildSidecar } from 'gomesh/sidecar';
 *
 * const sidecar = buildSidecar({ service: 'web', upstream: { service: 'users', endpoints: ['http://127.0.0.1:8081'] } });
 * const res = await sidecar.serve(new MeshRequest({ url: '/metrics' }));
 * console.log(res.status); // 200
 * ```
 */
export function buildSidecar(
  options: SidecarOptions,
): Omit<Sidecar, 'url' | 'port' | 'close'> & { serve: Handler } {
  const { service } = options;
  const upstream = options.upstream.service ?? service;
  const clock = options.clock ?? runtimeClock();
  const random = options.random ?? runtimeRandom();
  if ((options.policy || options.signIdentity) && !options.mesh) {
    throw new BadOptionError(
      `Expected \`mesh\` for sidecar "${service}": \`policy\` and \`signIdentity\` need the mesh's key`,
    );
  }
  const metrics = new MeshMetrics({ service, clock });
  const common = { service: upstream, clock, random, events: metrics };
  const collector = options.tracing === true ? new TraceCollector() : options.tracing;
  const breaker = options.circuitBreaker
    ? new CircuitBreaker({ ...(options.circuitBreaker === true ? {} : options.circuitBreaker), ...common })
    : undefined;
  const detector = options.outlier
    ? new OutlierDetector({ ...(options.outlier === true ? {} : options.outlier), ...common })
    : undefined;
  const balancer =
    typeof options.upstream.balancer === 'string' || options.upstream.balancer === undefined
      ? createBalancer(options.upstream.balancer ?? 'round-robin', { random, clock })
      : options.upstream.balancer;

  const layers: Layer[] = [metrics.layer];
  if (collector) layers.push(tracing({ service, collector, random, clock }));
  if (options.mesh && options.policy)
    layers.push(authz({ service, mesh: options.mesh, policy: options.policy, events: metrics }));
  if (options.rateLimit) layers.push(rateLimit({ ...options.rateLimit, service, clock, events: metrics }));
  if (options.fault) layers.push(faultInjection({ ...options.fault, ...common }));
  if (options.timeoutMs !== undefined)
    layers.push(timeout({ timeoutMs: options.timeoutMs, service: upstream, clock }));
  if (breaker) layers.push(breaker.layer);
  if (options.retry) layers.push(retry({ ...(options.retry === true ? {} : options.retry), ...common }));
  if (detector) layers.push(detector.layer);
  if (options.mesh && options.signIdentity) layers.push(options.mesh.signer(service));

  const handler = compose(...layers)(
    cluster({
      service: upstream,
      endpoints: options.upstream.endpoints,
      balancer,
      clock,
      caller: sidecarName(service),
      ...(options.transport ? { transport: options.transport } : {}),
    }),
  );
  const metricsPath = options.metricsPath ?? '/metrics';
  const serveHandler: Handler = (req) =>
    req.method === 'GET' && req.path === metricsPath
      ? text(200, metrics.render(), { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' })
      : handler(req);
  return { service, metrics, collector, breaker, detector, handler, serve: serveHandler };
}

/**
 * Starts a sidecar listening on `port` (default any free port).
 *
 * Go: running Envoy or linkerd2-proxy next to a service; in Go code, an `httputil.ReverseProxy` with
 * middleware.
 *
 * @throws `ListenError` when the port is taken; `BadOptionError` for a bad layer option.
 *
 * @example
 * ```ts
 * import { main } from 'gort';
 * import { get, serve, text } from 'gomesh';
 * import { startSidecar } from 'gomesh/sidecar';
 *
 * main(async () => {
 *   const users = await serve('users', () => text(200, 'hi\n'));
 *   const sidecar = await startSidecar({
 *     service: 'web',
 *     upstream: { service: 'users', endpoints: [users.url] },
 *     timeoutMs: 500,
 *     retry: true,
 *   });
 *   console.log((await get(`${sidecar.url}/`)).status, sidecar.metrics.summary().requests); // 200 1
 *   await sidecar.close();
 *   await users.close();
 * });
 * ```
 */
export async function startSidecar(options: SidecarOptions): Promise<Sidecar> {
  const built = buildSidecar(options);
  const server = await serveInline(sidecarName(options.service), built.serve, {
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.host !== undefined ? { host: options.host } : {}),
    ...(options.transport ? { transport: options.transport } : {}),
  });
  const { serve: _serve, ...rest } = built;
  return { ...rest, url: server.url, port: server.port, close: () => server.close() };
}
