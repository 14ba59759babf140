/**
 * `gomesh`: a mini service mesh for the Go Concurrency Labs, small enough to read in a lesson and
 * real enough to behave like Envoy, Linkerd, Istio and Consul on the same traffic.
 *
 * This entry exports what a service needs; the subpaths hold the rest, one concept per file:
 *
 *   gomesh            Router, json/text, serve/listenAndServe/listeners/onListen, request/get,
 *                     ServiceClient, compose, transports, errors, the Clock and Random seams,
 *                     onTraffic (one record per request, for the lab's traffic view)
 *   gomesh/transport  Transport contract, nodeHttpTransport (lazy node:http), memoryTransport,
 *                     linkTransport (a process's link: latency, cut)
 *   gomesh/registry   Registry, startRegistry, RegistryClient (heartbeat, watch), Catalog
 *   gomesh/balancer   RoundRobin, RandomBalancer, LeastRequest (P2C), PeakEwma
 *   gomesh/sidecar    startSidecar and its layers: timeout, retry (+budget), outlier ejection,
 *                     circuit breaker, rate limit, fault injection, identity + authz
 *   gomesh/metrics    MeshMetrics (Prometheus text, summary), Histogram, percentile
 *   gomesh/tracing    traceparent, tracing layer, TraceCollector (prints a trace as a tree)
 *
 * Loading invariant: nothing reachable from this file imports `node:*` statically; the node:http
 * transport loads it with `import()` on first use, so this module graph runs unchanged in a Web
 * Worker with `setTransport(memoryTransport())`. Time and chance invariant: every timer and every
 * random draw of the mesh is gort's (clock.ts, random.ts), so a program on the virtual clock with a
 * seed runs its services as reproducibly as its goroutines.
 *
 * @module gomesh
 */
export { Router, toHandler } from './router.ts';
export {
  MeshRequest,
  MeshResponse,
  json,
  text,
  type HeaderMap,
  type Body,
  type MeshRequestInit,
} from './message.ts';
export { compose, type Handler, type Layer } from './compose.ts';
export {
  serve,
  listenAndServe,
  listeners,
  onListen,
  closeAll,
  parseAddr,
  type ServeOptions,
  type ServerHandle,
  type ListenerInfo,
  type ListenAndServeOptions,
} from './server.ts';
export { request, get, type RequestOptions } from './client.ts';
export { ServiceClient, type ServiceClientOptions, type CallOptions } from './service-client.ts';
export { errorResponse } from './error-response.ts';
export * from './errors.ts';
export { setTransport, getTransport } from './transport/current.ts';
export { memoryTransport, type MemoryTransport } from './transport/memory.ts';
export { nodeHttpTransport } from './transport/node-http.ts';
export { linkTransport, type LinkTransport, type LinkTransportOptions } from './transport/link.ts';
export type { Transport } from './transport/transport.ts';
export { manualClock, type Clock, type ManualClock } from './clock.ts';
export {
  onTraffic,
  trafficListening,
  FROM_HEADER,
  type TrafficEvent,
  type TrafficRequest,
  type TrafficEjection,
  type TrafficBreaker,
} from './traffic.ts';
export type { Random } from './random.ts';
