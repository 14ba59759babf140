/**
 * Peak-EWMA, Linkerd's default balancer (from Finagle; see Linkerd's "Beyond Round Robin: Load
 * Balancing for Latency"). Each endpoint keeps an exponentially weighted moving average of its
 * response time that jumps up immediately on a slower response (the "peak") and decays towards
 * faster ones with time constant `decayMs`; its cost is that average times (requests in flight + 1).
 * Two endpoints drawn at random are compared by cost. A slow replica's cost explodes after its first
 * slow answer, so it soon receives almost nothing, while round-robin keeps sending it 1/n of traffic.
 * Invariants: an endpoint never observed costs `defaultRttMs` * (pending + 1); its first observation
 * replaces that prior outright (it is a guess, not data).
 */
import { runtimeClock, type Clock } from '../clock.ts';
import { checkNumber } from '../errors.ts';
import { runtimeRandom, type Random } from '../random.ts';
import type { Balancer, Endpoint } from './balancer.ts';
import { pickTwo } from './two-choices.ts';

/**
 * The options of `PeakEwma`: the random and clock seams, the decay and the cost of an unseen endpoint.
 *
 * No Go counterpart in the standard library (Linkerd's balancer settings).
 */
export interface PeakEwmaOptions {
  random?: Random;
  clock?: Clock;
  /** Time constant of the decay; default 10 s (Linkerd's). */
  decayMs?: number;
  /** Cost prior for endpoints never observed; default 30 ms. */
  defaultRttMs?: number;
}

interface Stats {
  rtt: number;
  observed: boolean;
  stamp: number;
  pending: number;
}

/**
 * Linkerd's default balancer: cost = peak-sensitive moving average of latency × (requests in flight
 * + 1), two random endpoints compared by cost; a slow replica soon gets almost nothing. No Go
 * standard counterpart (Finagle's and Linkerd's `PeakEwma`).
 *
 * @throws `BadOptionError` for a bad option: "Expected `decayMs` to be a finite number >= 1, got 0"
 * (`defaultRttMs`: >= 0).
 *
 * @example
 * ```ts
 * import { PeakEwma, endpoint } from 'gomesh/balancer';
 *
 * const lb = new PeakEwma({ decayMs: 10_000 });
 * const [fast, slow] = [endpoint('http://fast:1'), endpoint('http://slow:2')];
 * lb.onStart(slow);
 * lb.onEnd(slow, 900);
 * console.log(lb.pick([fast, slow]).id); // fast:1
 * ```
 */
export class PeakEwma implements Balancer {
  readonly name = 'peak-ewma';
  readonly #random: Random;
  readonly #clock: Clock;
  readonly #decayMs: number;
  readonly #defaultRtt: number;
  readonly #stats = new Map<string, Stats>();

  constructor(options: PeakEwmaOptions = {}) {
    this.#random = options.random ?? runtimeRandom();
    this.#clock = options.clock ?? runtimeClock();
    this.#decayMs = checkNumber('decayMs', options.decayMs ?? 10_000, 1);
    this.#defaultRtt = checkNumber('defaultRttMs', options.defaultRttMs ?? 30, 0);
  }

  #get(id: string): Stats {
    let s = this.#stats.get(id);
    if (!s)
      this.#stats.set(
        id,
        (s = { rtt: this.#defaultRtt, observed: false, stamp: this.#clock.now(), pending: 0 }),
      );
    return s;
  }

  /** Current cost of an endpoint (lower is better). */
  cost(id: string): number {
    const s = this.#get(id);
    return s.rtt * (s.pending + 1);
  }

  pick(endpoints: readonly Endpoint[]): Endpoint {
    return pickTwo(endpoints, this.#random, (e) => this.cost(e.id));
  }

  onStart(e: Endpoint): void {
    this.#get(e.id).pending++;
  }

  onEnd(e: Endpoint, latencyMs: number): void {
    const s = this.#get(e.id);
    s.pending = Math.max(0, s.pending - 1);
    const now = this.#clock.now();
    if (!s.observed || latencyMs > s.rtt) {
      s.rtt = latencyMs;
      s.observed = true;
    } else {
      const w = Math.exp(-Math.max(0, now - s.stamp) / this.#decayMs);
      s.rtt = s.rtt * w + latencyMs * (1 - w);
    }
    s.stamp = now;
  }
}
