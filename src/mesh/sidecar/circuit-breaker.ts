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
import { describeLayer } from '../inspect.ts';

export type CircuitState = 'closed' | 'open' | 'half-open';

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
    describeLayer(this.layer, () => ({
      layer: 'circuit-breaker',
      failureThreshold: this.#threshold,
      cooldownMs: this.#cooldownMs,
      halfOpenMaxCalls: this.#halfOpenMax,
      customFailure: options.isFailure !== undefined,
    }));
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

export function circuitBreaker(options: CircuitBreakerOptions = {}): Layer {
  return new CircuitBreaker(options).layer;
}
