/**
 * What the resilience layers report as they act. The metrics registry implements this sink; any
 * other observer (a lesson printing what happened) can too. Every method is optional.
 *
 * No Go counterpart (the callbacks an Envoy stats sink receives).
 */
export interface MeshEvents {
  /** A request to `service` is retried (`attempt` counts from 2). */
  onRetry?(service: string, attempt: number): void;
  /** A retry was refused because the retry budget is spent. */
  onRetryBudgetExhausted?(service: string): void;
  /** Outlier detection ejected `endpoint` for `ejectionMs`. */
  onEject?(service: string, endpoint: string, ejectionMs: number): void;
  /** The circuit breaker in front of `service` opened. */
  onCircuitOpen?(service: string): void;
  /** A request was refused by the rate limit (429). */
  onRateLimited?(service: string): void;
  /** The authorization policy denied `caller` (403). */
  onDenied?(service: string, caller: string): void;
  /** Fault injection delayed or aborted a request. */
  onFaultInjected?(service: string, kind: 'delay' | 'abort'): void;
}
