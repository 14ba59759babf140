/**
 * Outlier ejection, as Envoy's outlier detection (`consecutive_5xx`): an instance that answers
 * `consecutive5xx` 5xx in a row — connection failures and tries cut off by a deadline included, as
 * the cluster answers them with a synthesized 503 or 504 naming the instance, just as Envoy counts
 * a connect failure or a timeout as a 5xx — is taken out of the balancer's choices for
 * `baseEjectionMs` times the number of times it has been ejected so far (a flapping instance stays
 * out longer each time), then returns automatically.
 *
 * Envoy and Istio call this "outlier detection" and, confusingly, Istio documents it under
 * "circuit breaking"; it acts per instance, whereas the classic circuit breaker (circuit-breaker.ts)
 * acts on the whole dependency. Invariant: never more than `maxEjectionPercent`% of the known
 * instances are ejected at once, so a bad deploy cannot eject a whole service and leave nothing.
 */
import { runtimeClock, type Clock } from '../clock.ts';
import { checkNumber } from '../errors.ts';
import type { Layer } from '../compose.ts';
import { isUpstreamFailure } from '../message.ts';
import type { MeshEvents } from './events.ts';
import { reportTraffic, trafficListening } from '../traffic.ts';

/**
 * The options of outlier ejection (Envoy's `consecutive_5xx`, `base_ejection_time`, `max_ejection_percent`).
 *
 * No Go standard counterpart (Envoy's `outlier_detection` settings).
 */
export interface OutlierOptions {
  /** Default 5. */
  consecutive5xx?: number;
  /** Default 30 s (Envoy's). */
  baseEjectionMs?: number;
  /** Default 50. */
  maxEjectionPercent?: number;
  /** Longest ejection; default 300 s (Envoy's). */
  maxEjectionMs?: number;
  /** Number of instances of the service; default the number this detector has seen answer. */
  hostCount?: () => number;
  service?: string;
  clock?: Clock;
  events?: MeshEvents;
}

interface HostState {
  consecutive: number;
  ejections: number;
  until: number;
}

/**
 * Counts consecutive 5xx per instance and ejects an instance that reaches `consecutive5xx` for
 * `baseEjectionMs` × its number of ejections, never more than `maxEjectionPercent`% at once. Go:
 * no standard counterpart (Envoy's outlier detection).
 *
 * @example
 * ```ts
 * import { OutlierDetector } from 'gomesh/sidecar';
 *
 * const detector = new OutlierDetector({ consecutive5xx: 2 });
 * detector.record('a:1', false);
 * detector.record('b:2', true);
 * detector.record('b:2', true);
 * console.log([...detector.ejected()]); // [ 'b:2' ]
 * ```
 */
export class OutlierDetector {
  readonly #threshold: number;
  readonly #baseMs: number;
  readonly #maxPercent: number;
  readonly #maxMs: number;
  readonly #hostCount: (() => number) | undefined;
  readonly #service: string;
  readonly #clock: Clock;
  readonly #events: MeshEvents | undefined;
  readonly #hosts = new Map<string, HostState>();
  #ejectedSet: ReadonlySet<string> = new Set();
  #nextExpiry = Infinity;

  constructor(options: OutlierOptions = {}) {
    this.#threshold = checkNumber('consecutive5xx', options.consecutive5xx ?? 5, 1);
    this.#baseMs = checkNumber('baseEjectionMs', options.baseEjectionMs ?? 30_000, 0);
    this.#maxPercent = checkNumber('maxEjectionPercent', options.maxEjectionPercent ?? 50, 0, 100);
    this.#maxMs = checkNumber('maxEjectionMs', options.maxEjectionMs ?? 300_000, 0);
    this.#hostCount = options.hostCount;
    this.#service = options.service ?? 'upstream';
    this.#clock = options.clock ?? runtimeClock();
    this.#events = options.events;
  }

  /** Instances currently ejected. */
  ejected(): ReadonlySet<string> {
    // Nothing ejected (the usual case): nothing can expire, so the clock need not be read.
    if (this.#nextExpiry === Infinity) return this.#ejectedSet;
    const now = this.#clock.now();
    if (now >= this.#nextExpiry) {
      this.#nextExpiry = Infinity;
      const still = new Set<string>();
      for (const id of this.#ejectedSet) {
        const h = this.#hosts.get(id) as HostState;
        if (h.until > now) {
          still.add(id);
          this.#nextExpiry = Math.min(this.#nextExpiry, h.until);
        }
      }
      this.#ejectedSet = still;
    }
    return this.#ejectedSet;
  }

  /** Total ejections so far. */
  get ejections(): number {
    let n = 0;
    for (const h of this.#hosts.values()) n += h.ejections;
    return n;
  }

  /** Records one answer of instance `id` (failed: a 5xx); may eject it. */
  record(id: string, failed: boolean): void {
    let h = this.#hosts.get(id);
    if (!h) this.#hosts.set(id, (h = { consecutive: 0, ejections: 0, until: 0 }));
    if (!failed) {
      h.consecutive = 0;
      return;
    }
    h.consecutive++;
    if (h.consecutive < this.#threshold) return;
    const ejected = this.ejected();
    if (ejected.has(id)) return;
    const total = Math.max(this.#hostCount?.() ?? 0, this.#hosts.size);
    if (ejected.size + 1 > Math.floor((total * this.#maxPercent) / 100)) return;
    h.consecutive = 0;
    h.ejections++;
    const ms = Math.min(this.#maxMs, this.#baseMs * h.ejections);
    h.until = this.#clock.now() + ms;
    this.#ejectedSet = new Set(ejected).add(id);
    this.#nextExpiry = Math.min(this.#nextExpiry, h.until);
    this.#events?.onEject?.(this.#service, id, ms);
    if (trafficListening())
      reportTraffic({
        kind: 'eject',
        service: this.#service,
        instance: id,
        at: h.until - ms,
        durationMs: ms,
      });
  }

  readonly layer: Layer = (next) => async (req) => {
    const ejected = this.ejected();
    let r = req;
    if (ejected.size > 0) {
      // The ejected set is replaced, never changed in place, so a request may carry it as it is.
      let exclude = ejected;
      const before = req.meta.exclude;
      if (before && before.size > 0) {
        const union = new Set(ejected);
        for (const id of before) union.add(id);
        exclude = union;
      }
      r = req.with({ meta: { ...req.meta, exclude } });
    }
    const res = await next(r);
    if (res.meta.endpoint !== undefined) this.record(res.meta.endpoint, isUpstreamFailure(res));
    return res;
  };
}

/**
 * The layer form of `OutlierDetector`: the cluster below it leaves ejected instances out.
 *
 * No Go standard counterpart (Envoy's `outlier_detection`).
 *
 * @example
 * ```ts
 * import { compose, text } from 'gomesh';
 * import { outlierEjection } from 'gomesh/sidecar';
 *
 * const handler = compose(outlierEjection({ consecutive5xx: 5 }))(() => text(200, 'ok'));
 * ```
 */
export function outlierEjection(options: OutlierOptions = {}): Layer {
  return new OutlierDetector(options).layer;
}
