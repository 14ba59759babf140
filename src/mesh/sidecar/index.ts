/**
 * `gomesh/sidecar`: the proxy and its layers, one concept per file.
 *
 * - sidecar.ts           `startSidecar`, `buildSidecar`: layers folded over a cluster, `/metrics`
 * - cluster.ts           `cluster`: discovery + balancer + transport; deadline header
 * - timeout.ts           `timeout`: deadline, propagated in `x-mesh-deadline-ms`
 * - retry.ts             `retry`: idempotent only, full jitter, skip tried hosts, per-try timeout, budget
 * - retry-budget.ts      `RetryBudget`: Linkerd's 20% of requests + 10 retries/s over 10 s
 * - outlier-ejection.ts  `OutlierDetector`, `outlierEjection`: consecutive 5xx, growing ejections
 * - circuit-breaker.ts   `CircuitBreaker`, `circuitBreaker`: closed / open / half-open
 * - rate-limit.ts        `TokenBucket` (take, reserve), `rateLimit`: 429 with Retry-After
 * - fault-injection.ts   `faultInjection`: delay and abort by percentage, before or after the upstream's work
 * - identity.ts          `createMesh`, `Mesh`: HMAC-signed service identity
 * - authz.ts             `authz`: deny / allow rules by caller, method, path
 * - events.ts            `MeshEvents`: what layers report (metrics implements it)
 *
 * @module gomesh/sidecar
 */
export { startSidecar, buildSidecar, type Sidecar, type SidecarOptions } from './sidecar.ts';
export { cluster, DEADLINE_HEADER, type ClusterOptions, type Discovery } from './cluster.ts';
export { timeout, type TimeoutOptions } from './timeout.ts';
export { retry, backoffMs, IDEMPOTENT_METHODS, type RetryOptions } from './retry.ts';
export { RetryBudget, type RetryBudgetOptions } from './retry-budget.ts';
export { OutlierDetector, outlierEjection, type OutlierOptions } from './outlier-ejection.ts';
export {
  CircuitBreaker,
  circuitBreaker,
  type CircuitBreakerOptions,
  type CircuitState,
} from './circuit-breaker.ts';
export { TokenBucket, rateLimit, type RateLimitOptions, type Reservation } from './rate-limit.ts';
export { faultInjection, type FaultOptions, type FaultPhase } from './fault-injection.ts';
export { Mesh, createMesh, IDENTITY_HEADER, type MeshOptions } from './identity.ts';
export { authz, CALLER_HEADER, type AuthzOptions, type AuthzPolicy, type AuthzRule } from './authz.ts';
export type { MeshEvents } from './events.ts';
