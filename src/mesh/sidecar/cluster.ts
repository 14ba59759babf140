/**
 * The bottom of every client-side stack: resolve the service's endpoints, let the balancer pick
 * one and forward the request over the transport (Envoy's "cluster").
 *
 * Invariants: instances in `meta.exclude` (ejected) are never picked; instances in `meta.avoid`
 * (already tried by this call) are skipped unless nothing else is left; a connection failure is
 * answered with a synthesized 503, and a try cut off by a deadline (the call's or the try's: the
 * signal aborted with a `DeadlineExceededError`) with a synthesized 504, each carrying the instance
 * in `meta.endpoint`, so retry and outlier detection count them exactly like an upstream 5xx
 * (`isUpstreamFailure`) — Envoy counts a timeout and a connect failure as 5xx for
 * `consecutive_5xx` the same way; any other abort (the caller gave up) is rethrown and counts
 * against no instance. The remaining deadline is sent downstream in `x-mesh-deadline-ms`
 * (relative, like gRPC's `grpc-timeout`, because clocks of different hosts disagree); every
 * response says which instance answered in `meta.endpoint`.
 */
import { runtimeClock, type Clock } from '../clock.ts';
import {
  BadOptionError,
  DeadlineExceededError,
  NoHealthyInstanceError,
  UpstreamConnectError,
} from '../errors.ts';
import { errorResponse } from '../error-response.ts';
import { isUpstreamFailure, type MeshRequest, type MeshResponse } from '../message.ts';
import type { Handler } from '../compose.ts';
import { endpoint, type Balancer, type Endpoint } from '../balancer/balancer.ts';
import { RoundRobin } from '../balancer/round-robin.ts';
import { Catalog } from '../registry/catalog.ts';
import { getTransport } from '../transport/current.ts';
import type { Transport } from '../transport/transport.ts';
import { hold } from '../keep-alive.ts';
import { FROM_HEADER, reportTraffic, trafficListening } from '../traffic.ts';

/**
 * The header carrying a call's remaining deadline in ms to the next hop (Envoy's
 * `x-envoy-expected-rq-timeout-ms`, gRPC's `grpc-timeout`; Go: a `context.WithDeadline` sent along).
 */
export const DEADLINE_HEADER = 'x-mesh-deadline-ms';

/**
 * Where a cluster finds its endpoints.
 *
 * Go: a gRPC-Go `resolver.Builder`, or a static address list.
 */
export type Discovery =
  | Catalog
  | readonly (string | Endpoint)[]
  | ((service: string) => readonly Endpoint[] | Promise<readonly Endpoint[]>);

/**
 * The options of `cluster`: the service, its endpoints, the balancer, transport, clock, caller.
 *
 * Go: Envoy's cluster configuration (EDS, `lb_policy`).
 */
export interface ClusterOptions {
  service: string;
  endpoints: Discovery;
  /** Default round-robin. */
  balancer?: Balancer;
  transport?: Transport;
  clock?: Clock;
  /**
   * Who calls through this cluster, as the traffic records name it (traffic.ts): a service or
   * sidecar name; default `''`, the program itself.
   */
  caller?: string;
}

function resolver(
  service: string,
  d: Discovery,
): (s: string) => readonly Endpoint[] | Promise<readonly Endpoint[]> {
  if (d instanceof Catalog) return (s) => d.peek(s) ?? d.endpoints(s);
  if (Array.isArray(d)) {
    const list: readonly Endpoint[] = (d as readonly (string | Endpoint)[]).map((e) =>
      typeof e === 'string' ? endpoint(e) : e,
    );
    return () => list;
  }
  if (typeof d === 'function') return d;
  throw new BadOptionError(
    `Expected \`endpoints\` of "${service}" to be a Catalog, a list of URLs or a function`,
  );
}

function filter(list: readonly Endpoint[], out: ReadonlySet<string> | undefined): readonly Endpoint[] {
  if (!out || out.size === 0) return list;
  return list.filter((e) => !out.has(e.id));
}

/**
 * One attempt's traffic record (traffic.ts), made only while someone listens: a function of the
 * module rather than a closure made per request, as most requests are not observed.
 */
function reportAttempt(
  caller: string,
  service: string,
  target: Endpoint,
  start: number,
  clock: Clock,
  req: MeshRequest,
  status: number,
  code: string | undefined,
): void {
  reportTraffic({
    kind: 'request',
    from: caller,
    to: service,
    instance: target.id,
    start,
    durationMs: clock.now() - start,
    status,
    ...(code === undefined ? {} : { code }),
    attempt: req.meta.attempt ?? 0,
  });
}

/**
 * The bottom of a sidecar: discovers the instances of `service`, leaves out ejected ones, picks one
 * with the balancer and sends the request, forwarding what remains of the deadline. An instance that
 * cannot be reached answers a synthesized 503 (a try cut off by its deadline, 504), naming it. Go:
 * Envoy's cluster; in Go, an `http.Client` with a resolver and a picker.
 *
 * @throws `BadOptionError` for endpoints that are neither a list, a `Catalog` nor a function.
 *
 * @example
 * ```ts
 * import { main } from 'gort';
 * import { MeshRequest, serve, text } from 'gomesh';
 * import { cluster } from 'gomesh/sidecar';
 *
 * main(async () => {
 *   const users = await serve('users', () => text(200, 'hi\n'));
 *   const handler = cluster({ service: 'users', endpoints: [users.url] });
 *   const res = await handler(new MeshRequest({ url: '/' }));
 *   console.log(res.status); // 200
 *   await users.close();
 * });
 * ```
 */
export function cluster(options: ClusterOptions): Handler {
  const { service } = options;
  const resolve = resolver(service, options.endpoints);
  const balancer = options.balancer ?? new RoundRobin();
  const clock = options.clock ?? runtimeClock();
  const transport = options.transport;
  const caller = options.caller ?? '';
  // Built once: the runtime only counts holds, so a per-request reason would be work thrown away.
  const holdReason = `net/http: calling "${service}"`;

  return async (req: MeshRequest) => {
    const resolved = resolve(service);
    const all = Array.isArray(resolved) ? (resolved as readonly Endpoint[]) : await resolved;
    const healthy = filter(all, req.meta.exclude);
    if (healthy.length === 0) throw new NoHealthyInstanceError(service);
    const fresh = filter(healthy, req.meta.avoid);
    const target = balancer.pick(fresh.length > 0 ? fresh : healthy);

    // The transport copies headers on the way out, so this request's own map can carry the deadline.
    const headers = req.headers;
    const start = clock.now();
    if (req.meta.deadline !== undefined)
      headers[DEADLINE_HEADER] = String(Math.max(1, Math.ceil(req.meta.deadline - start)));
    const observed = trafficListening();
    if (observed) headers[FROM_HEADER] = caller;
    balancer.onStart(target);
    const release = hold(holdReason);
    try {
      const res = await (transport ?? getTransport()).send({
        url: target.url + req.url,
        method: req.method,
        headers,
        body: req.body,
        signal: req.signal,
      });
      balancer.onEnd(target, clock.now() - start, !isUpstreamFailure(res));
      res.meta.endpoint = target.id;
      if (observed) reportAttempt(caller, service, target, start, clock, req, res.status, undefined);
      return res;
    } catch (e) {
      balancer.onEnd(target, clock.now() - start, false);
      const failure =
        e instanceof UpstreamConnectError
          ? new UpstreamConnectError(`"${service}" instance ${target.id}`, e.reason)
          : e instanceof DeadlineExceededError
            ? new DeadlineExceededError(service, e.timeoutMs, target.id)
            : undefined;
      if (failure === undefined) {
        // The caller gave up: the attempt was sent (the server will not report it), so it is counted.
        if (observed) reportAttempt(caller, service, target, start, clock, req, 0, 'CANCELED');
        throw e;
      }
      const res: MeshResponse = errorResponse(failure);
      res.meta = { endpoint: target.id };
      if (observed) reportAttempt(caller, service, target, start, clock, req, res.status, failure.code);
      return res;
    } finally {
      release();
    }
  };
}
