/**
 * The classic circuit breaker (Nygard's "Release It!", Hystrix, resilience4j, gobreaker): after
 * `failureThreshold` consecutive failures of the dependency the circuit opens and calls fail fast
 * with `CircuitOpenError` for `cooldownMs`; then it is half-open and lets `halfOpenMaxCalls` probe
 * calls through: a success closes it, a failure opens it again.
 *
 * Naming clash: Envoy's "circuit breakers" are concurrency limits (max connections, pending
 * requests) and what Istio calls circuit breaking is outlier ejection (outlier-ejection.ts). This
 * layer is the Hystrix kind. Invariant: while open no call reaches the layers below.
 */
import { runtimeClock, type Clock } from '../clock.ts';
import { CircuitOpenError, checkNumber } from '../errors.ts';
import type { Layer } from '../compose.ts';
import { isUpstreamFailure, type MeshResponse } from '../message.ts';
import type { MeshEvents } from './events.ts';
import { reportTraffic, trafficListening } from '../traffic.ts';

/**
 * A circuit breaker's state: `closed` (calls pass), `open` (calls fail fast), `half-open` (probes pass).
 *
 * Go: `gobreaker.State` (`StateClosed`, `StateOpen`, `StateHalfOpen`).
 */
export type CircuitState = 'closed' | 'open' | 'half-open';

/**
 * The options of a circuit breaker: threshold, cooldown, probes, what counts as a failure.
 *
 * Go: `gobreaker.Settings` (`ReadyToTrip`, `Timeout`, `MaxRequests`).
 */
export interface CircuitBreakerOptions {
  /** Default 5. */
  failureThreshold?: number;
  /** Default 10 s. */
  cooldownMs?: number;
  /** Default 1. */
  halfOpenMaxCalls?: number;
  /** What counts as a failure; default a 5xx or a connection failure. */
  isFailure?: (res: MeshResponse) => boolean;
  service?: string;
  clock?: Clock;
  events?: MeshEvents;
}

/**
 * The classic circuit breaker: after `failureThreshold` consecutive failures it opens and calls fail
 * fast with `CircuitOpenError` (503, `circuit open for "users": failing fast for another 10000 ms`)
 * for `cooldownMs`, then lets probes through. Go: `sony/gobreaker`'s `CircuitBreaker`.
 *
 * @throws `BadOptionError` for a bad option ("Expected `failureThreshold` to be a finite number >= 1, got 0").
 *
 * @example
 * ```ts
 * import { CircuitBreaker } from 'gomesh/sidecar';
 *
 * const breaker = new CircuitBreaker({ failureThreshold: 3, cooldownMs: 5000, service: 'users' });
 * console.log(breaker.state); // closed
 * ```
 */
export class CircuitBreaker {
  readonly #threshold: number;
  readonly #cooldownMs: number;
  readonly #halfOpenMax: number;
  readonly #isFailure: (res: MeshResponse) => boolean;
  readonly #service: string;
  readonly #clock: Clock;
  readonly #events: MeshEvents | undefined;
  #state: CircuitState = 'closed';
  #failures = 0;
  #openedAt = 0;
  #probes = 0;

  constructor(options: CircuitBreakerOptions = {}) {
    this.#threshold = checkNumber('failureThreshold', options.failureThreshold ?? 5, 1);
    this.#cooldownMs = checkNumber('cooldownMs', options.cooldownMs ?? 10_000, 0);
    this.#halfOpenMax = checkNumber('halfOpenMaxCalls', options.halfOpenMaxCalls ?? 1, 1);
    this.#isFailure = options.isFailure ?? isUpstreamFailure;
    this.#service = options.service ?? 'upstream';
    this.#clock = options.clock ?? runtimeClock();
    this.#events = options.events;
  }

  get state(): CircuitState {
    if (this.#state === 'open' && this.#clock.now() - this.#openedAt >= this.#cooldownMs) {
      this.#state = 'half-open';
      this.#probes = 0;
    }
    return this.#state;
  }

  #open(): void {
    this.#state = 'open';
    this.#openedAt = this.#clock.now();
    this.#failures = 0;
    this.#events?.onCircuitOpen?.(this.#service);
    this.#report('open');
  }

  #report(state: 'open' | 'closed'): void {
    if (trafficListening()) {
      const at = state === 'open' ? this.#openedAt : this.#clock.now();
      reportTraffic({ kind: 'breaker', service: this.#service, at, state, cooldownMs: this.#cooldownMs });
    }
  }

  #settle(failed: boolean, probe: boolean): void {
    if (probe) {
      this.#probes--;
      if (this.#state !== 'half-open') return;
      if (failed) this.#open();
      else {
        this.#state = 'closed';
        this.#failures = 0;
        this.#report('closed');
      }
      return;
    }
    if (this.#state !== 'closed') return;
    if (!failed) this.#failures = 0;
    else if (++this.#failures >= this.#threshold) this.#open();
  }

  readonly layer: Layer = (next) => async (req) => {
    const state = this.state;
    if (state === 'open' || (state === 'half-open' && this.#probes >= this.#halfOpenMax)) {
      throw new CircuitOpenError(
        this.#service,
        state === 'open' ? this.#openedAt + this.#cooldownMs - this.#clock.now() : 0,
      );
    }
    const probe = state === 'half-open';
    if (probe) this.#probes++;
    let res: MeshResponse;
    try {
      res = await next(req);
    } catch (e) {
      this.#settle(true, probe);
      throw e;
    }
    this.#settle(this.#isFailure(res), probe);
    return res;
  };
}

/**
 * The layer form of `CircuitBreaker`: while open, no call reaches the layers below.
 *
 * Go: `gobreaker.CircuitBreaker.Execute` around the call.
 *
 * @example
 * ```ts
 * import { compose, text } from 'gomesh';
 * import { circuitBreaker } from 'gomesh/sidecar';
 *
 * const handler = compose(circuitBreaker({ failureThreshold: 5 }))(() => text(200, 'ok'));
 * ```
 */
export function circuitBreaker(options: CircuitBreakerOptions = {}): Layer {
  return new CircuitBreaker(options).layer;
}
