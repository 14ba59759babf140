/**
 * What the resilience layers report as they act. The metrics registry implements this sink; any
 * other observer (a lesson printing what happened) can too. Every method is optional.
 */
export interface MeshEvents {
  onRetry?(service: string, attempt: number): void;
  onRetryBudgetExhausted?(service: string): void;
  onEject?(service: string, endpoint: string, ejectionMs: number): void;
  onCircuitOpen?(service: string): void;
  onRateLimited?(service: string): void;
  onDenied?(service: string, caller: string): void;
  onFaultInjected?(service: string, kind: 'delay' | 'abort'): void;
}
